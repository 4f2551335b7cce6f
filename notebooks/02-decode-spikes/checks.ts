/**
 * Chapter 2's checks: the full contract of chunked prefill as four named
 * assertions, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine, promptFromId, type StepRecord } from "stallfree";
import { loadLab } from "../lab.ts";
import { assert, assertEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";

/** The exact profiles of the spike experiment (budget 2048, B 256 tokens, A 16 outputs). */
export const SEED_PROFILES = {
  threshold0: [257, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  threshold32: [33, 33, 33, 33, 33, 33, 33, 33, 2, 1, 1, 1, 1, 1, 1],
};

/**
 * Loads this chapter's exercise: `solution.ts`, or `starter.ts` when `LAB_IMPL=starter`.
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise()).decodeStepCosts, "function");
 * ```
 */
export function loadExercise(): Promise<typeof Solution> {
  return loadLab<typeof Solution>("02-decode-spikes");
}

/**
 * The spike experiment as a probe, straight from the engine: every step record,
 * A's output and B's TTFT.
 *
 * @example
 * ```ts
 * import { spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(spikeRun({ threshold: 32 }).longTtftSteps, 8);
 * ```
 */
export function spikeRun(
  options: { threshold: number; longPromptLen?: number; maxTokens?: number; budget?: number },
): { records: StepRecord[]; victimOutput: number[]; longTtftSteps: number } {
  const { threshold, longPromptLen = 256, maxTokens = 16, budget = 2048 } = options;
  const engine = new Engine({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold });
  engine.addRequest({ id: "A", prompt: [11, 12, 13, 14, 15, 16, 17, 18], maxTokens });
  const records = [engine.step()];
  engine.addRequest({ id: "B", prompt: promptFromId("B", longPromptLen), maxTokens: 2 });
  while (engine.hasUnfinishedRequests) records.push(engine.step());
  return {
    records,
    victimOutput: engine.result("A").output,
    longTtftSteps: engine.result("B").ttftSteps!,
  };
}

/** What the exercise must provide. */
export type DecodeStepCosts = typeof Solution.decodeStepCosts;

/**
 * Checks `decodeStepCosts` against the two seed profiles and two cases worked
 * by hand. Throws an `AssertionError` naming the case.
 *
 * @example
 * ```ts
 * import { checkSpikeProfiles } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { decodeStepCosts } from "stallfree/notebooks/02-decode-spikes/solution.ts";
 * checkSpikeProfiles(decodeStepCosts);
 * ```
 */
export function checkSpikeProfiles(decodeStepCosts: DecodeStepCosts): void {
  const run = (threshold: number, extra = {}) =>
    decodeStepCosts({ longPromptLen: 256, threshold, ...extra });
  assertEquals(run(0), SEED_PROFILES.threshold0, "the seed profile at threshold 0");
  assertEquals(run(32), SEED_PROFILES.threshold32, "the seed profile at threshold 32");
  // Budget 64 chunks B by itself: A 1 + B 63, then A 1 + B's last 37, then both decode.
  assertEquals(
    decodeStepCosts({ longPromptLen: 100, threshold: 0, budget: 64, maxTokens: 6 }),
    [64, 38, 2, 1, 1],
    "B of 100 tokens at threshold 0, budget 64, A with 6 outputs",
  );
  assertEquals(run(32, { maxTokens: 3 }), [33, 33], "A with 3 outputs finishes mid-prefill");
}

/**
 * Assertion 1: unchunked, the spike is real (>= 257) and singular (the
 * second-worst step <= 3).
 *
 * @example
 * ```ts
 * import { checkSpikeIsRealAndSingular, SEED_PROFILES } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkSpikeIsRealAndSingular(SEED_PROFILES.threshold0);
 * ```
 */
export function checkSpikeIsRealAndSingular(unchunkedCosts: readonly number[]): void {
  const [worst, secondWorst] = [...unchunkedCosts].sort((a, b) => b - a);
  assertGreaterOrEqual(
    worst,
    257,
    `Expected the worst unchunked step to be >= 257 but found ${worst}`,
  );
  assertLessOrEqual(
    secondWorst,
    3,
    `Expected the second-worst unchunked step to be <= 3 but found ${secondWorst}`,
  );
}

/**
 * Assertion 2: chunked at 32, every victim step is <= 33, at least 8 steps are
 * elevated (> 2), and the victim's steps carry the same total work as unchunked.
 *
 * @example
 * ```ts
 * import { checkCapHoldsAndWorkConserved, SEED_PROFILES } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkCapHoldsAndWorkConserved(SEED_PROFILES.threshold32, SEED_PROFILES.threshold0);
 * ```
 */
export function checkCapHoldsAndWorkConserved(
  chunkedCosts: readonly number[],
  unchunkedCosts: readonly number[],
): void {
  const worst = Math.max(...chunkedCosts);
  assertLessOrEqual(worst, 33, `Expected every chunked step to be <= 33 but found ${worst}`);
  const elevated = chunkedCosts.filter((cost) => cost > 2).length;
  assertGreaterOrEqual(
    elevated,
    8,
    `Expected >= 8 elevated steps (the work spread out) but found ${elevated}`,
  );
  const sum = (costs: readonly number[]) => costs.reduce((a, b) => a + b, 0);
  assertEquals(
    sum(chunkedCosts),
    sum(unchunkedCosts),
    "Expected the same total work chunked and unchunked",
  );
}

/**
 * Assertion 3: the victim's token ids are identical under both schedules.
 *
 * @example
 * ```ts
 * import { checkIdenticalVictimOutput, spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkIdenticalVictimOutput(spikeRun({ threshold: 32 }).victimOutput, spikeRun({ threshold: 0 }).victimOutput);
 * ```
 */
export function checkIdenticalVictimOutput(
  chunked: readonly number[],
  unchunked: readonly number[],
): void {
  assert(unchunked.length > 0, "Expected the victim to produce tokens");
  assertEquals(
    chunked,
    unchunked,
    "Expected the victim's token ids to be identical under both schedules",
  );
}

/**
 * Assertion 4: the victim advances in every step while it is alive, from its
 * arrival to its finish.
 *
 * @example
 * ```ts
 * import { checkVictimNeverStarved, spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkVictimNeverStarved(spikeRun({ threshold: 32 }).records, "A");
 * ```
 */
export function checkVictimNeverStarved(records: readonly StepRecord[], id: string): void {
  const arrived = records.find((r) => r.arrived.includes(id))?.step;
  const finished = records.find((r) => r.finished.includes(id))?.step;
  assert(
    arrived !== undefined && finished !== undefined,
    `Expected ${id} to arrive and finish in the records`,
  );
  for (const record of records) {
    if (record.step < arrived || record.step > finished) continue;
    assert(
      record.scheduled.some((chunk) => chunk.id === id),
      `Expected ${id} to advance in every step while alive but it skipped step ${record.step}`,
    );
  }
}
