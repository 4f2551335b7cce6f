/**
 * The engine: a vLLM-v1-style scheduler over a toy causal model, its config,
 * requests and step records.
 *
 * @example
 * ```ts
 * import { Engine } from "stallfree/lib/engine/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine({ maxNumBatchedTokens: 4 });
 * engine.addRequest({ id: "a", prompt: [1, 2, 3, 4, 5, 6], maxTokens: 1 });
 * assertEquals(engine.step().scheduled, [{ id: "a", numScheduledTokens: 4, contextLen: 4 }]);
 * ```
 *
 * @module
 */
export * from "./config.ts";
export * from "./engine.ts";
export * from "./memory_config.ts";
export * from "./request.ts";
export type { RequestResult } from "./request_state.ts";
export * from "./step_record.ts";
export * from "./toy_model.ts";
