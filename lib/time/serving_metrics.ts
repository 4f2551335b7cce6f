/**
 * Serving metrics in milliseconds, named and pooled as `vllm bench serve`
 * reports them: TTFT, TPOT (excluding the first token, per request), ITL
 * (every gap between consecutive tokens of every request, pooled), E2EL, and
 * request, output-token and total-token throughput, with goodput under SLOs.
 * Scheduling delay (Sarathi-Serve's and Vidur's) is added.
 *
 * Percentiles use the course's one method, nearest rank (`percentile` in
 * `lib/analysis/stats.ts`): always one of the samples. `vllm bench serve`
 * interpolates linearly (numpy's default), so on a handful of samples its
 * p99 can sit between two of them.
 *
 * @module
 */
import { mean, percentile } from "../analysis/stats.ts";
import { describeValue, requireKnownKeys } from "../validate.ts";
import type { RequestTimeline, TimedRun } from "./run_timed.ts";

/**
 * One metric as `vllm bench serve` reports it: its mean, median and
 * percentiles (`--metric-percentiles`; here p90 and p99, nearest rank), in ms.
 */
export interface MetricPercentiles {
  /** The arithmetic mean. */
  mean: number;
  /** p50. */
  median: number;
  /** p90. */
  p90: number;
  /** p99. */
  p99: number;
}

/** SLOs for goodput, each in ms; a request is good when it meets every one given. */
export interface GoodputSlos {
  /** Most TTFT allowed. */
  ttftMs?: number;
  /** Most TPOT allowed. */
  tpotMs?: number;
  /** Most E2EL allowed. */
  e2elMs?: number;
}

/** What `vllm bench serve` prints, from a timed run. */
export interface ServingMetrics {
  /** Requests that produced every output token. */
  completed: number;
  /** From the first arrival to the last token, in s. */
  durationS: number;
  /** Completed requests per second. */
  requestThroughput: number;
  /** Output tokens per second. */
  outputThroughput: number;
  /** Prompt and output tokens per second. */
  totalTokenThroughput: number;
  /** Time to first token: first token time - arrival. */
  ttftMs: MetricPercentiles;
  /** Time per output token after the first: (E2EL - TTFT) / (outputs - 1), per request of >= 2 outputs. */
  tpotMs: MetricPercentiles | null;
  /** Inter-token latency: every gap between a request's consecutive tokens, pooled. */
  itlMs: MetricPercentiles | null;
  /** End-to-end latency: last token time - arrival. */
  e2elMs: MetricPercentiles;
  /** Start of the first step that scheduled the request - arrival. */
  schedulingDelayMs: MetricPercentiles;
  /** Requests per second meeting every SLO given; `null` without SLOs. */
  requestGoodput: number | null;
}

/**
 * `vllm bench serve`'s summary of one metric's samples: mean, p50, p90 and
 * p99; `null` when there are none.
 *
 * @example
 * ```ts
 * import { metricPercentiles } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(metricPercentiles([10, 20, 30, 40]), { mean: 25, median: 20, p90: 40, p99: 40 });
 * assertEquals(metricPercentiles([]), null);
 * ```
 */
export function metricPercentiles(values: readonly number[]): MetricPercentiles | null {
  if (values.length === 0) return null;
  const at = (p: number) => percentile(values, p);
  return { mean: mean(values), median: at(50), p90: at(90), p99: at(99) };
}

/** Per-request TTFT, E2EL and TPOT (TPOT `null` with one output token). */
function perRequest(r: RequestTimeline) {
  const times = r.tokenTimesMs;
  const ttft = times[0] - r.arrivalMs;
  const e2el = times[times.length - 1] - r.arrivalMs;
  const tpot = times.length > 1 ? (e2el - ttft) / (times.length - 1) : null;
  return { ttft, e2el, tpot };
}

/**
 * Every metric of `run`; `slos` turns on goodput.
 *
 * @example Two requests on a 10 ms clock (see `runTimed`)
 * ```ts
 * import { servingMetrics } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const run = { numSteps: 3, endMs: 30, requests: [
 *   { id: "a", arrivalMs: 0, promptLen: 2, firstScheduledMs: 0, tokenTimesMs: [10, 20] },
 *   { id: "b", arrivalMs: 15, promptLen: 1, firstScheduledMs: 20, tokenTimesMs: [30] },
 * ] };
 * const metrics = servingMetrics(run, { ttftMs: 12 });
 * assertEquals(metrics.ttftMs.median, 10); // a: 10, b: 15
 * assertEquals(metrics.itlMs, { mean: 10, median: 10, p90: 10, p99: 10 });
 * assertEquals(metrics.requestGoodput, 1 / 0.03); // only a is good, over 30 ms
 * ```
 */
export function servingMetrics(run: TimedRun, slos?: GoodputSlos): ServingMetrics {
  if (slos !== undefined) requireSlos(slos);
  const done = run.requests.filter((r) => r.tokenTimesMs.length > 0);
  if (done.length === 0) {
    throw new RangeError("Expected run to hold at least one request with a token but found none");
  }
  const stats = done.map(perRequest);
  const itl: number[] = [];
  for (const r of done) {
    for (let i = 1; i < r.tokenTimesMs.length; i++) {
      itl.push(r.tokenTimesMs[i] - r.tokenTimesMs[i - 1]);
    }
  }
  const start = Math.min(...done.map((r) => r.arrivalMs));
  const end = Math.max(...done.map((r) => r.tokenTimesMs[r.tokenTimesMs.length - 1]));
  const durationS = (end - start) / 1e3;
  const outputs = done.reduce((sum, r) => sum + r.tokenTimesMs.length, 0);
  const prompts = done.reduce((sum, r) => sum + r.promptLen, 0);
  const isGood = (s: ReturnType<typeof perRequest>) =>
    s.ttft <= (slos?.ttftMs ?? Infinity) && (s.tpot ?? 0) <= (slos?.tpotMs ?? Infinity) &&
    s.e2el <= (slos?.e2elMs ?? Infinity);
  return {
    completed: done.length,
    durationS,
    requestThroughput: done.length / durationS,
    outputThroughput: outputs / durationS,
    totalTokenThroughput: (prompts + outputs) / durationS,
    ttftMs: metricPercentiles(stats.map((s) => s.ttft))!,
    tpotMs: metricPercentiles(stats.flatMap((s) => s.tpot === null ? [] : [s.tpot])),
    itlMs: metricPercentiles(itl),
    e2elMs: metricPercentiles(stats.map((s) => s.e2el))!,
    schedulingDelayMs: metricPercentiles(done.map((r) => r.firstScheduledMs - r.arrivalMs))!,
    requestGoodput: slos === undefined ? null : stats.filter(isGood).length / durationS,
  };
}

function requireSlos(slos: GoodputSlos): void {
  requireKnownKeys("slos", slos, ["ttftMs", "tpotMs", "e2elMs"]);
  for (const [key, value] of Object.entries(slos)) {
    if (value === undefined) continue;
    if (typeof value !== "number" || !(value > 0)) {
      throw new RangeError(
        `Expected slos.${key} to be a number > 0 but found ${describeValue(value)}`,
      );
    }
  }
}
