/**
 * Capacity and tuning: the highest rate a deployment serves within its SLOs
 * (Sarathi-Serve's capacity), and the budget and threshold that maximise it.
 *
 * @example
 * ```ts
 * import { probeMetrics } from "stallfree/lib/tuning/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const run = { numSteps: 1, endMs: 10, requests: [
 *   { id: "a", arrivalMs: 0, promptLen: 2, firstScheduledMs: 0, tokenTimesMs: [10] },
 * ] };
 * assertEquals(probeMetrics(run).p99TtftMs, 10);
 * ```
 *
 * @module
 */
export * from "./capacity.ts";
export * from "./capacity_of.ts";
export * from "./capacity_slo.ts";
export * from "./decode_load.ts";
export * from "./no_config_meets_slo_error.ts";
export * from "./probe_metrics.ts";
export * from "./tune.ts";
export * from "./workload_at_rate.ts";
export * from "./recipe.ts";
