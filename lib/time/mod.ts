/**
 * Time, not tokens: a step-time model fitted on Vidur's GPU profiles, a timed
 * run over the step engine (arrivals and token timestamps in milliseconds),
 * and serving metrics named as `vllm bench serve` names them.
 *
 * @example
 * ```ts
 * import { stepTimeMs, stepTimeProfile } from "stallfree/lib/time/mod.ts";
 * import { assert } from "@std/assert";
 * const record = { step: 0, arrived: [], sampled: [], sampledTokenIds: [], finished: [], scheduled: [
 *   { id: "a", numScheduledTokens: 1, contextLen: 100 },
 * ] };
 * assert(stepTimeMs(record, stepTimeProfile("llama2-7b-h100")) > 5);
 * ```
 *
 * @module
 */
export * from "./fitted_table.ts";
export * from "./hardware.ts";
export * from "./profiles.ts";
export * from "./roofline.ts";
export * from "./run_timed.ts";
export * from "./serving_metrics.ts";
export * from "./step_time.ts";
export * from "./timed_request.ts";
