/**
 * Chapter 1's exercise: how many steps a lone prompt's prefill takes. Replace
 * the `throw` with your code, then run the notebook (or
 * `LAB_IMPL=starter deno task test`).
 *
 * @module
 */

/**
 * Steps to prefill a `promptLen`-token prompt that has the whole budget to
 * itself, given the threshold (`longPrefillTokenThreshold`, 0 = off) and the
 * budget (`maxNumBatchedTokens`).
 */
export function numPrefillSteps(promptLen: number, threshold: number, budget: number): number {
  throw new Error(
    `Not implemented yet: write numPrefillSteps(promptLen, threshold, budget) in notebooks/01-chunked-prefill/starter.ts (called with ${promptLen}, ${threshold}, ${budget})`,
  );
}
