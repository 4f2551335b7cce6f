/**
 * The shape chapter 2's exercise works with, shared by `starter.ts` and
 * `solution.ts`.
 *
 * @module
 */

/** The scene `decodeStepCosts` runs. */
export interface DecodeStepCostsOptions {
  /** Prompt length of B, the long request that arrives while A decodes. */
  longPromptLen: number;
  /** Output tokens of A, the victim. @default {16} */
  maxTokens?: number;
  /** The threshold: the most tokens B may advance in one step; 0 is off. */
  longPrefillTokenThreshold: number;
  /** The budget: the most tokens one step may schedule. @default {2048} */
  maxNumBatchedTokens?: number;
}
