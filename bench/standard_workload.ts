/**
 * The benches' standard workload, written once: seeded Poisson arrivals at
 * 0.5 per step, prompts uniform in 16..1024 tokens, `maxTokens` uniform in
 * 1..256, seed 2024; run at budget 512, threshold 64, `maxNumSeqs` 256.
 *
 * @module
 */
import type { Request } from "stallfree/lib/engine/request.ts";
import { poissonWorkload } from "stallfree/lib/workload/workload.ts";

/** The engine config every bench runs the standard workload under. */
export const STANDARD_CONFIG = {
  maxNumBatchedTokens: 512,
  longPrefillTokenThreshold: 64,
  maxNumSeqs: 256,
} as const;

/**
 * `numRequests` requests of the standard workload.
 *
 * @example
 * ```ts
 * import { standardWorkload } from "stallfree/bench/standard_workload.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(standardWorkload(3).map((r) => r.id), standardWorkload(3).map((r) => r.id));
 * ```
 */
export function standardWorkload(numRequests: number): Request[] {
  return poissonWorkload({
    numRequests,
    arrivalRate: 0.5,
    promptLen: [16, 1024],
    maxTokens: [1, 256],
    seed: 2024,
  });
}
