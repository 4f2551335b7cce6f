/**
 * The plain records one engine step returns. Everything downstream (metrics,
 * charts, the command line) reads these and nothing else.
 *
 * @module
 */

/** One request's share of a step: who ran, how many tokens, over what context. */
export interface ScheduledChunk {
  /** The request's id. */
  id: string;
  /** Tokens this request advanced in the step (a prefill chunk, or 1 for a decode). */
  numScheduledTokens: number;
  /**
   * Positions this chunk's attention reads: KV already computed before the step
   * plus the chunk itself. Kept for step-cost models that charge attention by
   * context length.
   */
  contextLen: number;
}

/** A token a request sampled at the end of a step. */
export interface SampledToken {
  /** The request's id. */
  id: string;
  /** The sampled token id, in `[0, vocabSize)`. */
  token: number;
}

/** Everything that happened in one step, in schedule order. */
export interface StepRecord {
  /** The step index; the clock starts at 0 and ticks even when idle. */
  step: number;
  /** Requests that joined the waiting queue at the start of this step. */
  arrived: string[];
  /** Chunks in schedule order: the running pass first, then admissions. */
  scheduled: ScheduledChunk[];
  /** Tokens sampled by requests that caught up with their prompt. */
  sampled: SampledToken[];
  /** Requests that reached `maxTokens` and left the running list. */
  finished: string[];
  /** Requests preempted in this step, in order (only with `numKvBlocks` set). */
  preempted?: string[];
  /** KV blocks held by requests at the end of the step (only with `numKvBlocks` set). */
  kvBlocksUsed?: number;
}
