/**
 * The plain records `Engine.step()` returns (`run()` builds none). Traces, the
 * metrics over them, the charts and `sim --trace` read these; totals and
 * per-request results come from the engine (`totals`, `result`).
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

/** Everything that happened in one step, in schedule order. */
export interface StepRecord {
  /**
   * The step index, from 0. `step()` runs idle steps too; `run()`, `runWorkload`
   * and `sim` skip idle stretches, so a trace's indices can jump.
   */
  step: number;
  /** Requests that joined the waiting queue at the start of this step. */
  arrived: string[];
  /** Chunks in schedule order: the running pass first, then admissions. */
  scheduled: ScheduledChunk[];
  /** Requests that sampled a token (they caught up with their prompt), in schedule order. */
  sampled: string[];
  /**
   * The token id each request in `sampled` sampled, in `[0, vocabSize)`:
   * `sampledTokenIds[i]` belongs to `sampled[i]`. vLLM's `sampled_token_ids`
   * holds one list per scheduled request (empty mid-prefill); here it is flat,
   * one entry per request that sampled.
   */
  sampledTokenIds: number[];
  /** Requests that reached `maxTokens` and left the running list. */
  finished: string[];
  /** Requests preempted in this step, in order (only with `numKvBlocks` set). */
  preempted?: string[];
  /** KV blocks held by requests at the end of the step (only with `numKvBlocks` set). */
  kvBlocksUsed?: number;
}
