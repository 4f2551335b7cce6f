/**
 * What a capacity search offers at each rate: the same requests (same ids,
 * lengths and prompts), arriving faster or slower. A generated workload is
 * `generateWorkload` at the rate; a trace keeps its own lengths and the shape
 * of its arrivals, rescaled so its last request arrives at
 * `numRequests / qps` seconds, as `vllm bench serve` rescales a sample.
 *
 * @module
 */
import { generateWorkload } from "../workload/generate_workload.ts";
import type { LengthTable } from "../workload/length_table.ts";
import type { LengthTableName } from "../workload/request_length_tables.ts";
import type { TraceRequest } from "../workload/trace_request.ts";
import { promptFromId } from "../workload/workload.ts";
import type { TimedRequest } from "../time/timed_request.ts";
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/** Request lengths from a table (see `generateWorkload`), or a trace's own requests. */
export type CapacityWorkload =
  | { lengths: LengthTableName | LengthTable; burstiness?: number }
  | { trace: readonly TraceRequest[] };

/** The timed workload offered at a rate, in requests per second. */
export type OfferedWorkload = (qps: number) => TimedRequest[];

/**
 * A function from a rate to the timed workload offered at it: the first
 * `numRequests` requests of `workload` (all of a shorter trace). Prompts are
 * generated once, from each id, and shared by every rate.
 *
 * @example
 * ```ts
 * import { workloadAtRate } from "stallfree/lib/tuning/workload_at_rate.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const trace = [
 *   { id: "a", arrivalMs: 0, promptLen: 3, maxTokens: 1 },
 *   { id: "b", arrivalMs: 500, promptLen: 2, maxTokens: 4 },
 * ];
 * const at = workloadAtRate({ trace }, { numRequests: 2048, seed: 0 });
 * assertEquals(at(4).map((r) => r.arrivalMs), [0, 500]); // 2 requests, the last at 2 / 4 s
 * assertAlmostEquals(at(1)[1].arrivalMs, 2000, 1e-9);
 * assertEquals(at(1)[1].prompt, at(4)[1].prompt);
 * ```
 */
export function workloadAtRate(
  workload: CapacityWorkload,
  options: { numRequests: number; seed: number },
): OfferedWorkload {
  const numRequests = requireInteger("numRequests", options.numRequests, 1);
  const seed = requireInteger("seed", options.seed, 0);
  const prompts = new Map<string, number[]>();
  const timed = (requests: readonly TraceRequest[]) =>
    requests.map(({ id, arrivalMs, promptLen, maxTokens }) => {
      let prompt = prompts.get(id);
      if (!prompt) prompts.set(id, prompt = promptFromId(id, promptLen));
      return { id, arrivalMs, prompt, maxTokens };
    });
  if (typeof workload === "object" && workload !== null && "trace" in workload) {
    requireKnownKeys("workload", workload, ["trace"]);
    const trace = requireTrace(workload.trace).slice(0, numRequests);
    const spanMs = trace.reduce((max, r) => Math.max(max, r.arrivalMs), 0);
    if (!(spanMs > 0)) {
      throw new RangeError(
        "Expected the trace's arrivals to span more than 0 ms (to rescale them) but found them all at 0 ms",
      );
    }
    return (qps) => {
      const scale = (trace.length * 1000) / qps / spanMs;
      return timed(trace.map((r) => ({ ...r, arrivalMs: r.arrivalMs * scale })));
    };
  }
  requireKnownKeys("workload", workload, ["lengths", "burstiness"]);
  const { lengths, burstiness } = workload as { lengths: LengthTable; burstiness?: number };
  const spec = { lengths, numRequests, seed, ...(burstiness === undefined ? {} : { burstiness }) };
  return (qps) => timed(generateWorkload({ ...spec, qps }));
}

function requireTrace(trace: readonly TraceRequest[]): readonly TraceRequest[] {
  if (!Array.isArray(trace) || trace.length === 0) {
    const found = Array.isArray(trace) ? "an empty array" : describeValue(trace);
    throw new TypeError(`Expected workload.trace to be a non-empty array but found ${found}`);
  }
  return trace;
}
