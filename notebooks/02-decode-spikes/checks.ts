/**
 * Chapter 2's checks: the full contract of chunked prefill as four named
 * assertions, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine, promptFromId, type StepRecord } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assert, assertEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";
import type { DecodeStepCostsOptions } from "./types.ts";

/** The exact profiles of the spike experiment (budget 2048, B 256 tokens, A 16 outputs). */
export const SEED_PROFILES = {
  threshold0: [257, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  threshold32: [33, 33, 33, 33, 33, 33, 33, 33, 2, 1, 1, 1, 1, 1, 1],
};

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).decodeStepCosts, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<typeof Solution> {
  return loadLab<typeof Solution>("02-decode-spikes", impl, console.log);
}

/**
 * The spike experiment as a probe, straight from the engine: every step record,
 * A's output, A's TTFT and finish step, and B's TTFT.
 *
 * @example
 * ```ts
 * import { spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 32 }).longTtftSteps, 8);
 * ```
 */
export function spikeRun(options: DecodeStepCostsOptions): SpikeRun {
  const { longPromptLen, maxTokens = 16, longPrefillTokenThreshold, maxNumBatchedTokens = 2048 } =
    options;
  const engine = new Engine({ maxNumBatchedTokens, longPrefillTokenThreshold });
  engine.addRequest({ id: "A", prompt: [11, 12, 13, 14, 15, 16, 17, 18], maxTokens });
  const records = [engine.step()];
  engine.addRequest({ id: "B", prompt: promptFromId("B", longPromptLen), maxTokens: 2 });
  while (engine.hasUnfinishedRequests) records.push(engine.step());
  const victim = engine.result("A");
  return {
    records,
    victimOutput: victim.output,
    victimTtftSteps: victim.ttftSteps!,
    victimFinishStep: victim.finishStep!,
    longTtftSteps: engine.result("B").ttftSteps!,
  };
}

/** What {@linkcode spikeRun} returns. */
export interface SpikeRun {
  /** Every step record, from step 0. */
  records: StepRecord[];
  /** A's output token ids. */
  victimOutput: number[];
  /** A's TTFT in steps. */
  victimTtftSteps: number;
  /** The step in which A sampled its last token. */
  victimFinishStep: number;
  /** B's TTFT in steps. */
  longTtftSteps: number;
}

/** What the exercise must provide. */
export type DecodeStepCosts = typeof Solution.decodeStepCosts;

/**
 * Checks `decodeStepCosts` against the two seed profiles and two cases worked
 * by hand. Throws an `AssertionError` naming the case; returns the two seed
 * profiles it measured.
 *
 * @example
 * ```ts
 * import { checkSpikeProfiles } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * import { decodeStepCosts } from "stallfree/notebooks/02-decode-spikes/solution.ts";
 * checkSpikeProfiles(decodeStepCosts);
 * ```
 */
export function checkSpikeProfiles(decodeStepCosts: DecodeStepCosts): typeof SEED_PROFILES {
  const run = (longPrefillTokenThreshold: number, extra = {}) =>
    decodeStepCosts({ longPromptLen: 256, longPrefillTokenThreshold, ...extra });
  assertEquals(run(0), SEED_PROFILES.threshold0, "the seed profile at threshold 0");
  assertEquals(run(32), SEED_PROFILES.threshold32, "the seed profile at threshold 32");
  // Budget 64 chunks B by itself: A 1 + B 63, then A 1 + B's last 37, then both decode.
  assertEquals(
    decodeStepCosts({
      longPromptLen: 100,
      longPrefillTokenThreshold: 0,
      maxNumBatchedTokens: 64,
      maxTokens: 6,
    }),
    [64, 38, 2, 1, 1],
    "B of 100 tokens at threshold 0, budget 64, A with 6 outputs",
  );
  assertEquals(run(32, { maxTokens: 3 }), [33, 33], "A with 3 outputs finishes mid-prefill");
  return { threshold0: run(0), threshold32: run(32) };
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
export function checkSpikeIsRealAndSingular(
  unchunkedCosts: readonly number[],
): { worst: number; secondWorst: number } {
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
  return { worst, secondWorst };
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
): { worst: number; elevated: number; totalWork: number } {
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
  return { worst, elevated, totalWork: sum(chunkedCosts) };
}

/**
 * Assertion 3: the victim's token ids are identical under both schedules.
 *
 * @example
 * ```ts
 * import { checkIdenticalVictimOutput, spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkIdenticalVictimOutput(spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 32 }).victimOutput, spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 0 }).victimOutput);
 * ```
 */
export function checkIdenticalVictimOutput(
  chunked: readonly number[],
  unchunked: readonly number[],
): { tokens: number } {
  assert(unchunked.length > 0, "Expected the victim to produce tokens");
  assertEquals(
    chunked,
    unchunked,
    "Expected the victim's token ids to be identical under both schedules",
  );
  return { tokens: chunked.length };
}

/**
 * Assertion 4: the victim advances in every step while it is alive, from its
 * arrival to its finish.
 *
 * @example
 * ```ts
 * import { checkVictimNeverStarved, spikeRun } from "stallfree/notebooks/02-decode-spikes/checks.ts";
 * checkVictimNeverStarved(spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 32 }).records, "A");
 * ```
 */
export function checkVictimNeverStarved(
  records: readonly StepRecord[],
  id: string,
): { stepsAlive: number } {
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
  return { stepsAlive: finished - arrived + 1 };
}

const seedScene = (lab: typeof Solution, longPrefillTokenThreshold: number) =>
  lab.decodeStepCosts({ longPromptLen: 256, longPrefillTokenThreshold });
const engineScene = (longPrefillTokenThreshold: number) =>
  spikeRun({ longPromptLen: 256, longPrefillTokenThreshold });

/** Every check of this chapter's exercise, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<typeof Solution>[] = [
  {
    name: "decodeStepCosts() reproduces the seed profiles",
    exercise: "decodeStepCosts",
    run: (lab) => checkSpikeProfiles(lab.decodeStepCosts),
  },
  {
    name: "assertion 1: unchunked, the spike is real and singular",
    exercise: "decodeStepCosts",
    run: (lab) => checkSpikeIsRealAndSingular(seedScene(lab, 0)),
  },
  {
    name: "assertion 2: chunked at 32, the cap holds and the work is conserved",
    exercise: "decodeStepCosts",
    run: (lab) => checkCapHoldsAndWorkConserved(seedScene(lab, 32), seedScene(lab, 0)),
  },
  {
    name: "assertion 3: the victim's tokens are identical under both schedules (engine)",
    exercise: "decodeStepCosts",
    kind: "engine",
    run: () =>
      checkIdenticalVictimOutput(engineScene(32).victimOutput, engineScene(0).victimOutput),
  },
  {
    name: "assertion 4: the victim is never starved, chunked or not (engine)",
    exercise: "decodeStepCosts",
    kind: "engine",
    run: () => [32, 0].map((t) => checkVictimNeverStarved(engineScene(t).records, "A").stepsAlive),
  },
];
