/**
 * A request as a trace lists it: when it arrives and how long it is. The
 * generator and the CSV loader both produce these; a run that needs token ids
 * takes them from `promptFromId(id, promptLen)`.
 *
 * @module
 */

/** A request in time, by its lengths. */
export interface TraceRequest {
  /** Unique within its workload: `r0`, `r1`, ... in arrival order for generated ones. */
  id: string;
  /** When it arrives, in ms from the start (a finite number >= 0). */
  arrivalMs: number;
  /** Prompt tokens, at least 1. */
  promptLen: number;
  /** Output tokens to generate, at least 1. */
  maxTokens: number;
}
