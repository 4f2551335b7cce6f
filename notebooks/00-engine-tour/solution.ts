/**
 * Chapter 0's exercise, solved: read a probe's step records.
 *
 * @module
 */
import type { StepRecord } from "stallfree";

/**
 * The tokens request `id` was given in each step it ran, in step order: its
 * prefill chunks, then a 1 for every decode.
 *
 * @example
 * ```ts
 * import { chunkSizes } from "stallfree/notebooks/00-engine-tour/solution.ts";
 * import { assertEquals } from "@std/assert";
 * const step = (n: number) => ({ step: 0, arrived: [], sampled: [], sampledTokenIds: [], finished: [],
 *   scheduled: [{ id: "a", numScheduledTokens: n, contextLen: n }] });
 * assertEquals(chunkSizes([step(8), step(1)], "a"), [8, 1]);
 * ```
 */
export function chunkSizes(records: readonly StepRecord[], id: string): number[] {
  const sizes: number[] = [];
  for (const record of records) {
    const chunk = record.scheduled.find((c) => c.id === id);
    if (chunk) sizes.push(chunk.numScheduledTokens);
  }
  return sizes;
}
