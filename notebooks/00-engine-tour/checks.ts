/**
 * Chapter 0's checks, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine, type StepRecord } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import type * as Solution from "./solution.ts";
import { assertEquals } from "@std/assert";

/** What the exercise must provide. */
export type ChunkSizes = (records: readonly StepRecord[], id: string) => number[];

/**
 * Checks a `chunkSizes` implementation against schedules worked out by hand.
 * Throws an `AssertionError` naming the case that failed; returns the sizes
 * it read.
 *
 * @example
 * ```ts
 * import { checkChunkSizes } from "stallfree/notebooks/00-engine-tour/checks.ts";
 * import { chunkSizes } from "stallfree/notebooks/00-engine-tour/solution.ts";
 * checkChunkSizes(chunkSizes);
 * ```
 */
export function checkChunkSizes(chunkSizes: ChunkSizes): { long: number[]; short: number[] } {
  // A 100-token prompt at threshold 32: three full chunks, a 4-token tail, then decodes.
  const engine = new Engine({ maxNumBatchedTokens: 64, longPrefillTokenThreshold: 32 });
  engine.addRequest({ id: "long", prompt: Array(100).fill(3), maxTokens: 3 });
  engine.addRequest({ id: "short", prompt: [1, 2, 3], maxTokens: 2, arrival: 2 });
  const records: StepRecord[] = [];
  while (engine.hasUnfinishedRequests) records.push(engine.step());
  assertEquals(
    chunkSizes(records, "long"),
    [32, 32, 32, 4, 1, 1],
    "chunkSizes of the 100-token prompt",
  );
  assertEquals(
    chunkSizes(records, "short"),
    [3, 1],
    "chunkSizes of the 3-token prompt arriving at step 2",
  );
  assertEquals(chunkSizes(records, "absent"), [], "chunkSizes of a request that never ran");
  assertEquals(chunkSizes([], "long"), [], "chunkSizes of no records");
  return { long: chunkSizes(records, "long"), short: chunkSizes(records, "short") };
}

/** Every check of this chapter's exercise, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<typeof Solution>[] = [
  {
    name: "chunkSizes() reads a probe's records",
    exercise: "chunkSizes",
    run: (lab) => checkChunkSizes(lab.chunkSizes),
  },
];

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/00-engine-tour/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).chunkSizes, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<typeof Solution> {
  return loadLab<typeof Solution>("00-engine-tour", impl, console.log);
}
