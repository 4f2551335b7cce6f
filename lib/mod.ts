/**
 * stallfree: a deterministic vLLM-v1-style scheduler over a toy causal model,
 * with metrics in steps, workloads and charts.
 *
 * @example
 * ```ts
 * import { Engine, victimCosts } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine({ maxNumBatchedTokens: 2048 });
 * engine.addRequest({ id: "A", prompt: [1, 2, 3, 4, 5, 6, 7, 8], maxTokens: 16 });
 * const records = [engine.step()];
 * engine.addRequest({ id: "B", prompt: Array(256).fill(7), maxTokens: 2 });
 * while (engine.hasUnfinishedRequests) records.push(engine.step());
 * assertEquals(victimCosts(records, "A").slice(1, 4), [257, 2, 1]);
 * ```
 *
 * @module
 */
export * from "./chart.ts";
export * from "./config.ts";
export * from "./engine.ts";
export * from "./grid_heatmap_chart.ts";
export * from "./lab.ts";
export * from "./latency_trace_chart.ts";
export * from "./latency_ttft_chart.ts";
export * from "./line_chart.ts";
export * from "./metrics.ts";
export * from "./output_invariance.ts";
export * from "./profile_slider_chart.ts";
export * from "./random.ts";
export * from "./request.ts";
export type { RequestResult } from "./request_state.ts";
export * from "./run_workload.ts";
export * from "./scatter_chart.ts";
export * from "./slo_unsatisfiable_error.ts";
export * from "./stats.ts";
export * from "./step_record.ts";
export * from "./timeline_chart.ts";
export * from "./toy_model.ts";
export * from "./workload.ts";
