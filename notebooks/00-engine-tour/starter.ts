/**
 * Chapter 0's exercise: read a probe's step records. Replace the `throw`
 * with your code, then run the notebook (or `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type { StepRecord } from "stallfree";

/**
 * The tokens request `id` was given in each step it ran, in step order: its
 * prefill chunks, then a 1 for every decode. Each record's `scheduled` list
 * holds `{ id, numScheduledTokens, contextLen }` for every request that ran.
 */
export function chunkSizes(records: readonly StepRecord[], id: string): number[] {
  throw new Error(
    `Not implemented yet: write chunkSizes(records, id) in notebooks/00-engine-tour/starter.ts (asked for "${id}" over ${records.length} records)`,
  );
}
