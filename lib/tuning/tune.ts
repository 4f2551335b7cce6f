/**
 * Tuning a deployment: over a grid of budgets (`maxNumBatchedTokens`) and
 * thresholds (`longPrefillTokenThreshold`), the config with the highest
 * capacity that meets the SLOs, with every other config's row. The SLOs are
 * constraints, never weights: when no config meets them at any rate, the
 * search throws, naming the config that came closest and what it broke.
 *
 * @module
 */
import { NoCapacityError } from "./capacity.ts";
import type { ProbeMetrics } from "./probe_metrics.ts";
import { capacityOf, type CapacityOfOptions } from "./capacity_of.ts";
import { type CapacitySlo, sloViolation } from "./capacity_slo.ts";
import { NoConfigMeetsSloError } from "./no_config_meets_slo_error.ts";
import { type CapacityWorkload, workloadAtRate } from "./workload_at_rate.ts";
import { requireKnownKeys } from "../validate.ts";

/** Options for {@linkcode tune}: the SLOs, the grid and the search. */
export interface TuneOptions extends Omit<CapacityOfOptions, "profile"> {
  /** Budgets tried. @default {[256, 512, 1024, 2048, 4096, 8192]} */
  budgets?: readonly number[];
  /** Thresholds tried, each below the budget (0, off, always). @default {[0, 256, 512, 1024]} */
  thresholds?: readonly number[];
}

/** One config's row of the table. */
export interface TuneRow {
  /** The budget. */
  maxNumBatchedTokens: number;
  /** The threshold; 0 is off. */
  longPrefillTokenThreshold: number;
  /** Its capacity; `null` when the SLOs failed even at the lowest rate. */
  capacityQps: number | null;
  /** The metrics at `capacityQps`, or at the lowest rate probed when there is none. */
  metrics: ProbeMetrics;
  /** What it broke at the lowest rate, when it has no capacity. */
  violation: string | null;
}

/** The recommendation and the table it beat, best first. */
export interface TuneResult {
  /** The config with the highest capacity. */
  best: TuneRow;
  /** Every config, by capacity (highest first), then by P99 TTFT there (lowest first). */
  table: TuneRow[];
}

/** How far `metrics` sit past the SLOs: the largest ratio of a metric to its limit. */
function overshoot(metrics: ProbeMetrics, slo: CapacitySlo): number {
  return Math.max(
    metrics.p99TbtMs / slo.sloTbtMs,
    metrics.medianSchedulingDelayMs / (slo.maxSchedulingDelayMs ?? 2000),
    metrics.p99TtftMs / (slo.sloTtftP99Ms ?? Infinity),
  );
}

/**
 * The config of the grid with the highest capacity on `profile` within the
 * SLOs, and the whole table. Throws {@linkcode NoConfigMeetsSloError} when
 * no config has any.
 *
 * @example
 * ```ts
 * import { tune } from "stallfree/lib/tuning/tune.ts";
 * import { assertEquals } from "@std/assert";
 * const { best, table } = tune({ lengths: "chat" }, "llama2-7b-a100", {
 *   sloTbtMs: 100, numRequests: 64, budgets: [512, 8192], thresholds: [0],
 * });
 * assertEquals([best.maxNumBatchedTokens, table.length], [512, 2]);
 * ```
 */
export function tune(
  workload: CapacityWorkload,
  profile: CapacityOfOptions["profile"],
  options: TuneOptions,
): TuneResult {
  requireKnownKeys("options", options, [
    ...["sloTbtMs", "sloTtftP99Ms", "maxSchedulingDelayMs", "numRequests", "seed", "search"],
    ...["budgets", "thresholds"],
  ]);
  const {
    budgets = [256, 512, 1024, 2048, 4096, 8192],
    thresholds = [0, 256, 512, 1024],
    numRequests = 2048,
    seed = 0,
    ...rest
  } = options;
  requireSizes("budgets", budgets, 1);
  requireSizes("thresholds", thresholds, 0);
  const offered = workloadAtRate(workload, { numRequests, seed });
  const rows: TuneRow[] = [];
  for (const budget of budgets) {
    for (const threshold of thresholds.filter((t) => t < budget)) {
      const config = { maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold };
      rows.push(row(config, () => capacityOf(offered, config, { ...rest, profile }), rest));
    }
  }
  const table = rows.toSorted((a, b) =>
    (b.capacityQps ?? -1) - (a.capacityQps ?? -1) ||
    (a.capacityQps === null
      ? overshoot(a.metrics, rest) - overshoot(b.metrics, rest)
      : a.metrics.p99TtftMs - b.metrics.p99TtftMs)
  );
  if (table[0].capacityQps === null) {
    throw new NoConfigMeetsSloError(rest, rest.search?.minQps ?? 1 / 16, table);
  }
  return { best: table[0], table };
}

function row(
  config: { maxNumBatchedTokens: number; longPrefillTokenThreshold: number },
  search: () => ReturnType<typeof capacityOf>,
  slo: CapacitySlo,
): TuneRow {
  try {
    const { capacityQps, metrics } = search();
    return { ...config, capacityQps, metrics, violation: null };
  } catch (error) {
    if (!(error instanceof NoCapacityError)) throw error;
    const metrics = error.probes.at(-1)!.metrics as ProbeMetrics;
    return { ...config, capacityQps: null, metrics, violation: sloViolation(metrics, slo) };
  }
}

function requireSizes(field: string, values: readonly number[], min: number): void {
  if (
    !Array.isArray(values) || values.length === 0 ||
    !values.every((v) => Number.isSafeInteger(v) && v >= min)
  ) {
    throw new RangeError(
      `Expected ${field} to be a non-empty array of integers >= ${min} but found ${
        JSON.stringify(values)
      }`,
    );
  }
}
