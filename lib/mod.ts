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
export * from "./analysis/mod.ts";
export * from "./charts/mod.ts";
export * from "./engine/mod.ts";
export * from "./memory/mod.ts";
export * from "./time/mod.ts";
export * from "./tuning/mod.ts";
export * from "./workload/mod.ts";
