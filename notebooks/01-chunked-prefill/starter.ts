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

/**
 * Stretch exercise. Two prompts (`firstLen` tokens, then `secondLen`) arrive
 * together at an idle engine with the threshold off (0), each asking for one
 * output token. Return `[first's TTFT, second's TTFT]` in steps, as a closed
 * form you derive (no `Engine` inside).
 */
export function twoPromptTtfts(
  firstLen: number,
  secondLen: number,
  budget: number,
): [number, number] {
  throw new Error(
    `Not implemented yet: write twoPromptTtfts(firstLen, secondLen, budget) in notebooks/01-chunked-prefill/starter.ts (called with ${firstLen}, ${secondLen}, ${budget})`,
  );
}
