/**
 * Chapter 1's exercise, solved: how many steps a lone prompt's prefill takes.
 *
 * @module
 */

/**
 * Steps to prefill a `promptLen`-token prompt that has the whole budget to
 * itself: the chunk is the threshold when it is on (> 0), else the budget, and
 * never more than the budget; the steps are `ceil(promptLen / chunk)`.
 *
 * @example
 * ```ts
 * import { numPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/solution.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(numPrefillSteps(256, 32, 2048), 8);
 * assertEquals(numPrefillSteps(256, 0, 2048), 1);
 * ```
 */
export function numPrefillSteps(promptLen: number, threshold: number, budget: number): number {
  const chunk = Math.min(threshold > 0 ? threshold : budget, budget);
  return Math.ceil(promptLen / chunk);
}

/**
 * The stretch exercise: two prompts (`firstLen` tokens, then `secondLen`)
 * arrive together at an idle engine with the threshold off, each asking for
 * one output token. Each step fills the budget while prompt tokens are left,
 * so the first prompt's TTFT is `ceil(firstLen / budget)` and the second's is
 * `ceil((firstLen + secondLen) / budget)`.
 *
 * @example
 * ```ts
 * import { twoPromptTtfts } from "stallfree/notebooks/01-chunked-prefill/solution.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(twoPromptTtfts(1000, 1000, 512), [2, 4]);
 * ```
 */
export function twoPromptTtfts(
  firstLen: number,
  secondLen: number,
  budget: number,
): [number, number] {
  return [Math.ceil(firstLen / budget), Math.ceil((firstLen + secondLen) / budget)];
}
