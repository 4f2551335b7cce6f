/**
 * The error `tune` throws when no config of its grid meets the SLOs at any
 * rate: it names the config that came closest and what it broke, never a
 * "best effort" answer.
 *
 * @module
 */
import type { CapacitySlo } from "./capacity_slo.ts";
import type { TuneRow } from "./tune.ts";

/**
 * No config met the SLOs at any rate: the closest one, and what it broke.
 *
 * @example
 * ```ts
 * import { NoConfigMeetsSloError } from "stallfree/lib/tuning/no_config_meets_slo_error.ts";
 * import { assertEquals } from "@std/assert";
 * const metrics = { p99TbtMs: 12, medianSchedulingDelayMs: 0, medianTtftMs: 30, p99TtftMs: 90, requestThroughput: 1 };
 * const closest = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 0, capacityQps: null, metrics, violation: "P99 TBT 12 ms > 5 ms" };
 * assertEquals(
 *   new NoConfigMeetsSloError({ sloTbtMs: 5 }, 0.0625, [closest]).message,
 *   "Expected a config meeting P99 TBT <= 5 ms, median scheduling delay <= 2000 ms at some rate >= 0.0625 QPS but the closest, budget 512 and threshold 0, has P99 TBT 12 ms > 5 ms",
 * );
 * ```
 */
export class NoConfigMeetsSloError extends RangeError {
  /** The config that came closest. */
  readonly closest: TuneRow;
  /** Every config's row. */
  readonly table: TuneRow[];

  /**
   * Builds the error from the SLOs, the lowest rate probed and the table.
   *
   * @param slo The SLOs no config met.
   * @param minQps The lowest rate probed.
   * @param table Every row, the closest first.
   */
  constructor(slo: CapacitySlo, minQps: number, table: TuneRow[]) {
    const [closest] = table;
    const limits = [`P99 TBT <= ${slo.sloTbtMs} ms`];
    if (slo.sloTtftP99Ms !== undefined) limits.push(`P99 TTFT <= ${slo.sloTtftP99Ms} ms`);
    limits.push(`median scheduling delay <= ${slo.maxSchedulingDelayMs ?? 2000} ms`);
    super(
      `Expected a config meeting ${
        limits.join(", ")
      } at some rate >= ${minQps} QPS but the closest, budget ${closest.maxNumBatchedTokens} and threshold ${closest.longPrefillTokenThreshold}, has ${closest.violation}`,
    );
    this.name = "NoConfigMeetsSloError";
    this.closest = closest;
    this.table = table;
  }
}
