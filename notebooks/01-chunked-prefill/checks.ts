/**
 * Chapter 1's checks, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine, findOutputDivergence, poissonWorkload, type SamplingPredicate } from "stallfree";
import { loadLab } from "../lab.ts";
import { assertEquals, AssertionError } from "@std/assert";
import type * as Solution from "./solution.ts";

/** What the exercise must provide. */
export type NumPrefillSteps = (promptLen: number, threshold: number, budget: number) => number;

/**
 * Loads this chapter's exercise: `solution.ts`, or `starter.ts` when `LAB_IMPL=starter`.
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise()).numPrefillSteps, "function");
 * ```
 */
export function loadExercise(): Promise<typeof Solution> {
  return loadLab<typeof Solution>("01-chunked-prefill");
}

/**
 * The steps the engine itself takes to prefill a lone prompt: the step of its
 * first token, counted from its arrival.
 *
 * @example
 * ```ts
 * import { measuredPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(measuredPrefillSteps(100, 0, 30), 4);
 * ```
 */
export function measuredPrefillSteps(promptLen: number, threshold: number, budget: number): number {
  const engine = new Engine({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold });
  engine.addRequest({ id: "prompt", prompt: Array(promptLen).fill(1), maxTokens: 1 });
  while (engine.hasUnfinishedRequests) engine.step();
  return engine.result("prompt").ttftSteps!;
}

/**
 * Checks the boundaries of `numPrefillSteps`, then the formula against the
 * engine's measured step count over a grid. Throws an `AssertionError` naming
 * the case.
 *
 * @example
 * ```ts
 * import { checkNumPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { numPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/solution.ts";
 * checkNumPrefillSteps(numPrefillSteps);
 * ```
 */
export function checkNumPrefillSteps(numPrefillSteps: NumPrefillSteps): void {
  const cases: [string, [number, number, number], number][] = [
    ["threshold 0 is off: a prompt that fits the budget takes one step", [1000, 0, 2048], 1],
    ["threshold 0 is off: the budget alone chunks a longer prompt", [4096, 0, 512], 8],
    ["a threshold above the budget is moot: the budget wins", [1100, 1000, 512], 3],
    ["exact division has no +1", [256, 32, 2048], 8],
    ["one token past exact division needs one more step", [257, 32, 2048], 9],
    ["a 1-token prompt takes one step", [1, 32, 2048], 1],
    ["a 1-token prompt takes one step even at budget 1", [1, 0, 1], 1],
  ];
  for (const [rule, [promptLen, threshold, budget], steps] of cases) {
    assertEquals(
      numPrefillSteps(promptLen, threshold, budget),
      steps,
      `numPrefillSteps(${promptLen}, ${threshold}, ${budget}): ${rule}`,
    );
  }
  for (const promptLen of [1, 7, 32, 33, 100, 256, 1000]) {
    for (const threshold of [0, 1, 8, 32, 100, 600]) {
      for (const budget of [1, 16, 64, 512]) {
        assertEquals(
          numPrefillSteps(promptLen, threshold, budget),
          measuredPrefillSteps(promptLen, threshold, budget),
          `numPrefillSteps(${promptLen}, ${threshold}, ${budget}) against the engine's measured steps`,
        );
      }
    }
  }
}

/** Thresholds and budgets the invariance sweep runs every workload under. */
export const INVARIANCE_CONFIGS = [0, 1, 4, 16, 64].flatMap((threshold) =>
  [8, 64, 512].map((budget) => ({
    longPrefillTokenThreshold: threshold,
    maxNumBatchedTokens: budget,
  }))
);

/**
 * Runs `numWorkloads` seeded random workloads under every config in
 * {@linkcode INVARIANCE_CONFIGS} with the given sampling predicate, and throws
 * an `AssertionError` naming the first output that differs from the unchunked
 * run. Returns how many runs and request outputs it compared.
 *
 * @example
 * ```ts
 * import { checkOutputInvariance } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkOutputInvariance(undefined, 2).runs, 30);
 * ```
 */
export function checkOutputInvariance(
  isReadyToSample?: SamplingPredicate,
  numWorkloads = 20,
): { runs: number; outputs: number } {
  let runs = 0, outputs = 0;
  for (let seed = 0; seed < numWorkloads; seed++) {
    const workload = poissonWorkload({
      numRequests: 6,
      promptLen: [1, 300],
      maxTokens: [1, 24],
      seed,
    });
    for (const config of INVARIANCE_CONFIGS) {
      const divergence = findOutputDivergence(workload, { ...config, isReadyToSample });
      if (divergence) {
        const { id, position, unchunked, found } = divergence;
        throw new AssertionError(
          `Expected identical outputs, but request "${id}" of workload seed ${seed} differs at output position ${position} under threshold ${config.longPrefillTokenThreshold}, budget ${config.maxNumBatchedTokens}: unchunked ${
            unchunked[position]
          }, found ${found[position]}`,
        );
      }
      runs++;
      outputs += workload.length;
    }
  }
  return { runs, outputs };
}
