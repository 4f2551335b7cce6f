/**
 * The few metrics a capacity probe reads from a timed run, computed without
 * sorting: a capacity search runs about ten probes of 2,048 requests, and a
 * chat run pools about half a million gaps between tokens. Each percentile is
 * the nearest-rank one `servingMetrics` reports (always one of the samples),
 * found by selection in linear time, so the two agree exactly.
 *
 * @module
 */
import type { TimedRun } from "../time/run_timed.ts";

/** What a capacity probe measured at one rate, in ms and requests per second. */
export interface ProbeMetrics {
  /** P99 time between tokens: every gap of every request, pooled (vLLM's ITL). */
  p99TbtMs: number;
  /** Median scheduling delay: first scheduled step's start - arrival. */
  medianSchedulingDelayMs: number;
  /** Median TTFT. */
  medianTtftMs: number;
  /** P99 TTFT. */
  p99TtftMs: number;
  /** Completed requests per second, from the first arrival to the last token. */
  requestThroughput: number;
}

/**
 * The `p`-th nearest-rank percentile of `values`, which it reorders in place
 * (Hoare's selection, median-of-three pivots): the smallest sample with at
 * least `p`% of the samples at or below it. `NaN` when there are none.
 *
 * @example
 * ```ts
 * import { selectPercentile } from "stallfree/lib/tuning/probe_metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const costs = Float64Array.from([257, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
 * assertEquals([selectPercentile(costs, 50), selectPercentile(costs, 99)], [1, 257]);
 * ```
 */
export function selectPercentile(values: Float64Array, p: number): number {
  if (values.length === 0) return NaN;
  const k = Math.ceil((p / 100) * values.length) - 1;
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const pivot = medianOf3(values[lo], values[mid], values[hi]);
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function medianOf3(a: number, b: number, c: number): number {
  return a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}

/**
 * The probe's metrics of `run`, equal to `servingMetrics(run)`'s `itlMs.p99`,
 * `schedulingDelayMs.median`, `ttftMs.median`, `ttftMs.p99` and
 * `requestThroughput`. A run where no request has two tokens has no gaps: its
 * P99 TBT is 0.
 *
 * @example Two requests on a 10 ms clock (see `runTimed`)
 * ```ts
 * import { probeMetrics } from "stallfree/lib/tuning/probe_metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const run = { numSteps: 3, endMs: 30, requests: [
 *   { id: "a", arrivalMs: 0, promptLen: 2, firstScheduledMs: 0, tokenTimesMs: [10, 20] },
 *   { id: "b", arrivalMs: 15, promptLen: 1, firstScheduledMs: 20, tokenTimesMs: [30] },
 * ] };
 * assertEquals(probeMetrics(run), {
 *   p99TbtMs: 10,
 *   medianSchedulingDelayMs: 0,
 *   medianTtftMs: 10,
 *   p99TtftMs: 15,
 *   requestThroughput: 2 / 0.03,
 * });
 * ```
 */
export function probeMetrics(run: TimedRun): ProbeMetrics {
  const requests = run.requests;
  let numGaps = 0;
  for (const r of requests) numGaps += Math.max(0, r.tokenTimesMs.length - 1);
  const gaps = new Float64Array(numGaps);
  const ttfts = new Float64Array(requests.length);
  const delays = new Float64Array(requests.length);
  let g = 0, start = Infinity, end = -Infinity;
  requests.forEach((r, i) => {
    const times = r.tokenTimesMs;
    for (let t = 1; t < times.length; t++) gaps[g++] = times[t] - times[t - 1];
    ttfts[i] = times[0] - r.arrivalMs;
    delays[i] = r.firstScheduledMs - r.arrivalMs;
    start = Math.min(start, r.arrivalMs);
    end = Math.max(end, times[times.length - 1]);
  });
  return {
    p99TbtMs: numGaps === 0 ? 0 : selectPercentile(gaps, 99),
    medianSchedulingDelayMs: selectPercentile(delays, 50),
    medianTtftMs: selectPercentile(ttfts, 50),
    p99TtftMs: selectPercentile(ttfts, 99),
    requestThroughput: requests.length / ((end - start) / 1e3),
  };
}
