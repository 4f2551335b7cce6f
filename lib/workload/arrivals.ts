/**
 * Arrival times at a target rate, as `vllm bench serve` draws them.
 *
 * Its `--burstiness` is the shape of the gamma distribution of the gaps
 * between requests, with the scale set so the mean gap is `1 / qps`: 1 is a
 * Poisson process, below 1 burstier, above 1 more even, and `Infinity`
 * evenly spaced; the gaps' coefficient of variation is `1 / sqrt(burstiness)`.
 * Like `vllm bench serve` (`get_request` in `vllm/benchmarks/serve.py`), the
 * cumulative times are then rescaled so the last request arrives at
 * `numRequests / qps` seconds: every sample has the target mean rate.
 *
 * @module
 */
import type { Random } from "./random.ts";
import { sampleGamma } from "./gamma.ts";
import { requireInteger } from "../validate.ts";

/** Options for {@linkcode arrivalTimesMs}. */
export interface ArrivalOptions {
  /** How many arrivals. */
  numRequests: number;
  /** Mean arrivals per second. */
  qps: number;
  /** Gamma shape of the gaps: 1 Poisson, below 1 burstier, `Infinity` evenly spaced. @default {1} */
  burstiness?: number;
}

/**
 * `numRequests` arrival times in ms, ascending, the first after 0 and the last
 * at `numRequests / qps` s (to rounding). The draws do not depend on `qps`, so the same
 * `random` state at another rate gives the same arrivals rescaled.
 *
 * @example
 * ```ts
 * import { arrivalTimesMs } from "stallfree/lib/workload/arrivals.ts";
 * import { createRandom } from "stallfree/lib/workload/random.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const even = arrivalTimesMs(createRandom(0), { numRequests: 4, qps: 2, burstiness: Infinity });
 * assertEquals(even, [500, 1000, 1500, 2000]);
 * assertAlmostEquals(arrivalTimesMs(createRandom(3), { numRequests: 3, qps: 1 }).at(-1)!, 3000, 1e-9);
 * ```
 */
export function arrivalTimesMs(random: Random, options: ArrivalOptions): number[] {
  const { numRequests, qps, burstiness = 1 } = options;
  requireInteger("numRequests", numRequests, 1);
  if (typeof qps !== "number" || !(qps > 0 && Number.isFinite(qps))) {
    throw new RangeError(`Expected qps to be a finite number > 0 but found ${qps}`);
  }
  if (typeof burstiness !== "number" || !(burstiness > 0)) {
    throw new RangeError(`Expected burstiness to be a number > 0 but found ${burstiness}`);
  }
  const gap = burstiness === Infinity
    ? () => 1
    : burstiness === 1
    ? () => random.exponential(1)
    : () => sampleGamma(random, burstiness) / burstiness;
  const times: number[] = [];
  let time = 0;
  for (let i = 0; i < numRequests; i++) times.push(time += gap());
  const scale = (numRequests * 1000) / qps / time;
  return times.map((t) => t * scale);
}
