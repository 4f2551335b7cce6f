/**
 * Chapter 2's exercise: the spike experiment from the victim's seat. Replace
 * the `throw` with your code, then run the notebook (or
 * `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type { DecodeStepCostsOptions } from "./types.ts";

/**
 * The victim's step costs. A (prompt `[11, 12, 13, 14, 15, 16, 17, 18]`,
 * `maxTokens` outputs) arrives at step 0 and runs one step, so it is decoding.
 * Then B (`longPromptLen` tokens, 2 output tokens) arrives. Return the cost
 * (tokens scheduled) of every later step in which A advances, until A
 * finishes. `Engine`, `stepCost` and `promptFromId` from "stallfree" help.
 */
export function decodeStepCosts(options: DecodeStepCostsOptions): number[] {
  throw new Error(
    `Not implemented yet: write decodeStepCosts({ longPromptLen, maxTokens, longPrefillTokenThreshold, maxNumBatchedTokens }) in notebooks/02-decode-spikes/starter.ts (called with ${
      JSON.stringify(options)
    })`,
  );
}
