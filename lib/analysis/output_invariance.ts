/**
 * The check behind "chunking changes when tokens are computed, never which":
 * run a workload unchunked and under another config, and compare every
 * request's output token ids exactly.
 *
 * @module
 */
import type { EngineConfig } from "../engine/config.ts";
import type { Request } from "../engine/request.ts";
import { runWorkload } from "./run_workload.ts";

/** Where a run's output first differs from the unchunked run's. */
export interface OutputDivergence {
  /** The request whose output differs. */
  id: string;
  /** The first output position that differs (or the shorter length). */
  position: number;
  /** The unchunked run's output. */
  unchunked: number[];
  /** The output under the config being checked. */
  found: number[];
}

/**
 * Runs `workload` unchunked (threshold 0, a budget and seats large enough that
 * every prompt goes in one step) and under `config`, with the same sampling
 * predicate, and returns the first request whose output differs, or
 * `undefined` when every output is identical.
 *
 * @example
 * ```ts
 * import { findOutputDivergence } from "stallfree/lib/analysis/output_invariance.ts";
 * import { assertEquals } from "@std/assert";
 * const workload = [{ id: "a", arrival: 0, prompt: [5, 6, 7, 8, 9], maxTokens: 3 }];
 * assertEquals(findOutputDivergence(workload, { longPrefillTokenThreshold: 2 }), undefined);
 * const alwaysSample = () => true; // samples after every chunk, even mid-prefill
 * const divergence = findOutputDivergence(workload, { longPrefillTokenThreshold: 2, isReadyToSample: alwaysSample });
 * assertEquals([divergence?.id, divergence?.position], ["a", 0]);
 * ```
 */
export function findOutputDivergence(
  workload: readonly Request[],
  config: Partial<EngineConfig>,
): OutputDivergence | undefined {
  const everyPromptAtOnce = workload.reduce((sum, r) => sum + r.prompt.length + 1, 0);
  const unchunked = runWorkload(workload, {
    maxNumBatchedTokens: Math.max(1, everyPromptAtOnce),
    longPrefillTokenThreshold: 0,
    maxNumSeqs: Math.max(1, workload.length),
    isReadyToSample: config.isReadyToSample,
  });
  const checked = runWorkload(workload, config);
  for (const { id } of workload) {
    const expected = unchunked.requests[id].output, found = checked.requests[id].output;
    const length = Math.max(expected.length, found.length);
    const position = Array.from({ length }, (_, i) => i).find((i) => expected[i] !== found[i]);
    if (position !== undefined) return { id, position, unchunked: expected, found };
  }
  return undefined;
}
