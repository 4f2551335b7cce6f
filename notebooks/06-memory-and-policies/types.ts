/**
 * The data shapes of chapter 6's exercise: a running request as the running
 * pass sees it, and what the pass decides.
 *
 * @module
 */

/** A running request, in admission order, at the start of a step. */
export interface RunningRequest {
  /** The request's id. */
  id: string;
  /** Prompt length + outputs so far. */
  numTokens: number;
  /** Positions that have KV. */
  numComputedTokens: number;
  /** KV blocks it holds: `ceil(numComputedTokens / blockSize)`. */
  numBlocks: number;
}

/** The pool and the step's budget. */
export interface PassLimits {
  /** Free blocks at the start of the pass. */
  freeBlocks: number;
  /** Tokens per block. */
  blockSize: number;
  /** The step's token budget (`maxNumBatchedTokens`); no threshold. */
  budget: number;
}

/** What the running pass decided. */
export interface RunningPassPlan {
  /** Chunks in schedule order. */
  scheduled: { id: string; numScheduledTokens: number }[];
  /** Ids preempted, in the order preempted. */
  preempted: string[];
  /**
   * The preempted requests as they now wait at the front of the waiting queue,
   * front first, with their recompute bookkeeping done.
   */
  waitingFront: RunningRequest[];
  /** Free blocks after the pass. */
  freeBlocks: number;
}
