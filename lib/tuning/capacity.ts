/**
 * Capacity, as Sarathi-Serve measures it: the highest arrival rate at which a
 * deployment still meets its SLO. The search is a pure function of a probe,
 * `probe(qps)`, that runs a workload at `qps` and says whether the SLO holds:
 *
 * ```ts ignore
 * capacity((qps) => slosHold(runTimed(generateWorkload({ ...spec, qps }), config, { profile }), slo));
 * ```
 *
 * It assumes the predicate is monotone: if the SLO holds at some rate, it
 * holds at every lower rate. It brackets (doubling up from `startQps` until a
 * probe fails, or halving down until one holds), then bisects the bracket
 * until it is within `precision` of its lower end. Given a deterministic probe
 * (a fixed seed and request count), the probes it runs, and so its answer,
 * are the same every time. When the predicate is not monotone, it still
 * returns a rate where the SLO holds next to one, at most `precision` above,
 * where it fails; but not necessarily the highest such rate, and rates above
 * the first failure it met are never probed.
 *
 * @module
 */
import { describeValue, requireKnownKeys } from "../validate.ts";

/** What a probe reports for one rate. */
export interface ProbeOutcome<M> {
  /** Whether the SLO holds at this rate. */
  isSloMet: boolean;
  /** Whatever the probe measured there, carried into the result. */
  metrics: M;
}

/** One probe the search ran. */
export interface CapacityProbe<M> extends ProbeOutcome<M> {
  /** The rate probed, in requests per second. */
  qps: number;
}

/** Options for {@linkcode capacity}, in requests per second. */
export interface CapacityOptions {
  /** The first rate probed. @default {1} */
  startQps?: number;
  /** The lowest rate probed: if the SLO fails even here, the search throws. @default {1 / 64} */
  minQps?: number;
  /** The highest rate probed: if the SLO holds here, it is the answer. @default {1024} */
  maxQps?: number;
  /** Stop when the bracket is at most this fraction of its lower end. @default {0.02} */
  precision?: number;
}

/** The answer, and how the search got there. */
export interface CapacityResult<M> {
  /** The highest rate found where the SLO holds. */
  capacityQps: number;
  /** The probe's metrics at `capacityQps`. */
  metrics: M;
  /** The lowest rate above it found to fail; `null` when the SLO held at `maxQps`. */
  failQps: number | null;
  /** Every probe, in the order run. */
  probes: CapacityProbe<M>[];
}

/**
 * The SLO failed at every rate down to the lowest allowed: there is no capacity to report.
 *
 * @example
 * ```ts
 * import { capacity, NoCapacityError } from "stallfree/lib/tuning/capacity.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(
 *   () => capacity(() => ({ isSloMet: false, metrics: null }), { minQps: 0.25 }),
 *   NoCapacityError,
 *   "Expected the SLO to hold at some rate >= 0.25 QPS (minQps) but it failed at every rate probed, 1 down to 0.25",
 * );
 * ```
 */
export class NoCapacityError extends RangeError {
  /** Every probe the search ran, all failed. */
  readonly probes: CapacityProbe<unknown>[];

  /**
   * Builds the error from the lowest rate allowed and the probes that failed.
   *
   * @param minQps The lowest rate allowed.
   * @param probes The probes, all failed.
   */
  constructor(minQps: number, probes: CapacityProbe<unknown>[]) {
    super(
      `Expected the SLO to hold at some rate >= ${minQps} QPS (minQps) but it failed at every rate probed, ${
        probes[0].qps
      } down to ${probes.at(-1)!.qps}`,
    );
    this.name = "NoCapacityError";
    this.probes = probes;
  }
}

/**
 * The highest rate at which `probe` reports the SLO met, to `precision`.
 *
 * @example
 * ```ts
 * import { capacity } from "stallfree/lib/tuning/capacity.ts";
 * import { assertEquals } from "@std/assert";
 * const result = capacity((qps) => ({ isSloMet: qps <= 5, metrics: { qps } }), { precision: 0.1 });
 * assertEquals(result.probes.map((p) => p.qps), [1, 2, 4, 8, 6, 5, 5.5]);
 * assertEquals([result.capacityQps, result.failQps], [5, 5.5]);
 * ```
 */
export function capacity<M>(
  probe: (qps: number) => ProbeOutcome<M>,
  options: CapacityOptions = {},
): CapacityResult<M> {
  const { startQps = 1, minQps = 1 / 64, maxQps = 1024, precision = 0.02 } = options;
  requireKnownKeys("options", options, ["startQps", "minQps", "maxQps", "precision"]);
  if (typeof minQps !== "number" || !(minQps > 0 && Number.isFinite(minQps))) {
    throw new RangeError(
      `Expected minQps to be a finite number > 0 but found ${describeValue(minQps)}`,
    );
  }
  requireRate("maxQps", maxQps, minQps, Number.MAX_VALUE);
  requireRate("startQps", startQps, minQps, maxQps);
  if (typeof precision !== "number" || !(precision > 0 && precision <= 1)) {
    throw new RangeError(`Expected precision to be a number in (0, 1] but found ${precision}`);
  }
  const probes: CapacityProbe<M>[] = [];
  const run = (qps: number) => {
    const outcome = probe(qps);
    if (typeof outcome?.isSloMet !== "boolean") {
      throw new TypeError(
        `Expected probe(${qps}) to return { isSloMet: boolean, metrics } but found ${
          describeValue(outcome)
        }`,
      );
    }
    probes.push({ qps, isSloMet: outcome.isSloMet, metrics: outcome.metrics });
    return probes.at(-1)!;
  };
  // bracket: the SLO met at lo and failed at hi (null while no probe has failed)
  let lo = run(startQps), hi: CapacityProbe<M> | null = null;
  if (lo.isSloMet) {
    while (!hi && lo.qps < maxQps) {
      const next = run(Math.min(2 * lo.qps, maxQps));
      if (next.isSloMet) lo = next;
      else hi = next;
    }
  }
  while (!lo.isSloMet) {
    if (lo.qps === minQps) throw new NoCapacityError(minQps, probes);
    hi = lo;
    lo = run(Math.max(lo.qps / 2, minQps));
  }
  // bisect
  while (hi && hi.qps - lo.qps > precision * lo.qps) {
    const mid = run((lo.qps + hi.qps) / 2);
    if (mid.isSloMet) lo = mid;
    else hi = mid;
  }
  return { capacityQps: lo.qps, metrics: lo.metrics, failQps: hi?.qps ?? null, probes };
}

function requireRate(field: string, value: number, min: number, max: number): void {
  if (typeof value !== "number" || !(value >= min && value <= max)) {
    const range = max === Number.MAX_VALUE ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RangeError(
      `Expected ${field} to be a finite number ${range} but found ${describeValue(value)}`,
    );
  }
}
