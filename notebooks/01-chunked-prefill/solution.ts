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
