/**
 * Chapter 2's exercise, solved: the spike experiment from the victim's seat.
 *
 * @module
 */
import { Engine, promptFromId, stepCost } from "stallfree";
import type { DecodeStepCostsOptions } from "./types.ts";

/**
 * The victim's step costs: A (an 8-token prompt) arrives at step 0 and runs
 * one step, so it is decoding; then B (`longPromptLen` tokens, 2 output
 * tokens) arrives. Returns the cost of every later step in which A advances,
 * until A finishes.
 *
 * @example
 * ```ts
 * import { decodeStepCosts } from "stallfree/notebooks/02-decode-spikes/solution.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(decodeStepCosts({ longPromptLen: 256, longPrefillTokenThreshold: 0 }).slice(0, 3), [257, 2, 1]);
 * ```
 */
export function decodeStepCosts(options: DecodeStepCostsOptions): number[] {
  const { longPromptLen, maxTokens = 16, longPrefillTokenThreshold, maxNumBatchedTokens = 2048 } =
    options;
  const engine = new Engine({ maxNumBatchedTokens, longPrefillTokenThreshold });
  engine.addRequest({ id: "A", prompt: [11, 12, 13, 14, 15, 16, 17, 18], maxTokens });
  engine.step();
  engine.addRequest({ id: "B", prompt: promptFromId("B", longPromptLen), maxTokens: 2 });
  const costs: number[] = [];
  while (engine.result("A").finishStep === null) {
    const record = engine.step();
    if (record.scheduled.some((chunk) => chunk.id === "A")) costs.push(stepCost(record));
  }
  return costs;
}
