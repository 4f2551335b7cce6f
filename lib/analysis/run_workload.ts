/**
 * Runs a whole workload to completion: the probe every chapter uses.
 *
 * @module
 */
import type { EngineConfig } from "../engine/config.ts";
import { Engine, type EngineTotals } from "../engine/engine.ts";
import type { Request } from "../engine/request.ts";
import type { RequestResult } from "../engine/request_state.ts";
import type { StepRecord } from "../engine/step_record.ts";
import { describeValue } from "../validate.ts";
import { requireWorkloadSize } from "../workload/check_workload.ts";

/** Options for {@linkcode runWorkload}: the engine's config, plus tracing. */
export interface RunOptions extends Partial<EngineConfig> {
  /** Keep every step's record (idle stretches are skipped, never run). @default {false} */
  trace?: boolean;
}

/** What a run produced. */
export interface WorkloadRun extends EngineTotals {
  /** Each request's result, keyed by id, in the workload's order. */
  requests: Record<string, RequestResult>;
  /** Step records, when `trace` was set. */
  steps?: StepRecord[];
}

/**
 * Runs `workload` until every request finishes. The workload and config are
 * validated in full before the first step; the engine's clock jumps over idle
 * stretches between arrivals.
 *
 * @example
 * ```ts
 * import { runWorkload } from "stallfree/lib/analysis/run_workload.ts";
 * import { assertEquals } from "@std/assert";
 * const run = runWorkload([
 *   { id: "a", arrival: 0, prompt: [1, 2, 3], maxTokens: 2 },
 *   { id: "b", arrival: 1, prompt: [4, 5, 6, 7], maxTokens: 1 },
 * ], { maxNumBatchedTokens: 4 });
 * assertEquals([run.totalSteps, run.maxStepTokens], [3, 4]); // step 1: a decodes 1, b prefills 3
 * assertEquals(run.requests.b.ttftSteps, 2);
 * ```
 */
export function runWorkload(workload: readonly Request[], options: RunOptions = {}): WorkloadRun {
  requireWorkloadSize(workload);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Expected options to be an object but found ${describeValue(options)}`);
  }
  const { trace = false, ...config } = options;
  const engine = new Engine(config);
  for (const request of workload) engine.addRequest(request); // any order: the engine sorts by arrival
  const steps: StepRecord[] = [];
  if (!trace) engine.run();
  while (engine.hasUnfinishedRequests) {
    engine.skipIdleSteps();
    steps.push(engine.step());
  }
  const requests: Record<string, RequestResult> = {};
  for (const request of workload) requests[request.id] = engine.result(request.id);
  return { ...engine.totals, requests, ...(trace ? { steps } : {}) };
}
