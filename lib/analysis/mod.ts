/**
 * The analysis around the engine: the probe (`runWorkload`), metrics of step
 * records, statistics, the output-invariance check and the SLO error.
 *
 * @example
 * ```ts
 * import { runWorkload, totalSteps } from "stallfree/lib/analysis/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const run = runWorkload([{ id: "a", prompt: [1, 2, 3], maxTokens: 2 }], { trace: true });
 * assertEquals(totalSteps(run.steps!), 2);
 * ```
 *
 * @module
 */
export * from "./metrics.ts";
export * from "./output_invariance.ts";
export * from "./run_workload.ts";
export * from "./slo_unsatisfiable_error.ts";
export * from "./stats.ts";
