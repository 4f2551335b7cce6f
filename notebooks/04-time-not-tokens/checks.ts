/**
 * Chapter 4's checks: the exercise's hand-worked roofline values, the timed
 * spike scene, and the chapter's claims as named assertions, shared word for
 * word by the notebook, `deno test` and `deno task grade`.
 *
 * @module
 */
import {
  GPUS,
  type GpuSpec,
  MODELS,
  type ModelShape,
  type ProfileName,
  promptFromId,
  roofline,
  runTimed,
  type TimedRun,
} from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assert, assertAlmostEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";

/** What the exercise must provide: `rooflineMs`. */
export type Lab = typeof Solution;

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).rooflineMs, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<Lab> {
  return loadLab<Lab>("04-time-not-tokens", impl, console.log);
}

/** One hand-worked case of {@linkcode checkRooflineMs}, with what the exercise gave. */
export interface RooflineCase {
  /** Which case, and why it has that value. */
  case: string;
  /** Tokens in the step. */
  numTokens: number;
  /** The value worked by hand, in ms. */
  expectedMs: number;
  /** What `rooflineMs` returned, in ms. */
  foundMs: number;
}

/**
 * Checks `rooflineMs` on values worked by hand (to 1 µs) and returns each case
 * with what it found. Llama-2-7B has 6,476,005,376 linear weights (12.95 GB in
 * FP16); Llama-2-70B 68,451,041,280.
 *
 * @example
 * ```ts
 * import { checkRooflineMs } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { rooflineMs } from "stallfree/notebooks/04-time-not-tokens/solution.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkRooflineMs(rooflineMs).length, 6);
 * ```
 */
export function checkRooflineMs(rooflineMs: Lab["rooflineMs"]): RooflineCase[] {
  const [llama7b, llama70b] = [MODELS["llama2-7b"], MODELS["llama2-70b"]];
  const cases: [string, number, ModelShape, GpuSpec, number][] = [
    // 12,952,010,752 bytes / 2,039 GB/s: one decode only reads the weights.
    ["1 token, 7B on A100 (memory-bound)", 1, llama7b, GPUS.a100, 6.3521],
    ["100 tokens, 7B on A100 (still flat)", 100, llama7b, GPUS.a100, 6.3521],
    // 2 x 6,476,005,376 x 200 FLOPs / 312 TFLOP/s: past the knee at 153 tokens.
    ["200 tokens, 7B on A100 (compute-bound)", 200, llama7b, GPUS.a100, 8.3026],
    ["4,096 tokens, 7B on A100", 4096, llama7b, GPUS.a100, 170.0367],
    ["1 token, 70B on one H100", 1, llama70b, GPUS.h100, 40.8663],
    ["4,096 tokens, 70B on one H100", 4096, llama70b, GPUS.h100, 566.7013],
  ];
  return cases.map(([what, numTokens, model, gpu, expectedMs]) => {
    const foundMs = rooflineMs(numTokens, model, gpu);
    assertAlmostEquals(foundMs, expectedMs, 1e-3, `rooflineMs of ${what}`);
    return { case: what, numTokens, expectedMs, foundMs };
  });
}

/** A GPU no datasheet describes: its knee sits at 100 tokens for any model. */
export const MADE_UP_GPU: GpuSpec = {
  name: "made-up GPU",
  peakTflops: 100,
  hbmGBps: 1000,
  nvlinkGBps: 0,
  source: "none: a made-up part, so that no value can be copied from a datasheet",
};

/**
 * Checks `rooflineMs` against `max(T_math, T_mem)` (the library's `roofline`)
 * for Llama-2-70B on {@linkcode MADE_UP_GPU}, from 1 token to 40 times the
 * knee: flat up to the knee, linear past it. Returns the knee and the two
 * sides of the roofline it found.
 *
 * @example
 * ```ts
 * import { checkRooflineOnAnyGpu } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { rooflineMs } from "stallfree/notebooks/04-time-not-tokens/solution.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(checkRooflineOnAnyGpu(rooflineMs).kneeTokens, 100, 1e-9);
 * ```
 */
export function checkRooflineOnAnyGpu(
  rooflineMs: Lab["rooflineMs"],
): { kneeTokens: number; flatMs: number; msPerToken: number } {
  const model = MODELS["llama2-70b"];
  const ideal = roofline(model, MADE_UP_GPU);
  for (const numTokens of [1, 50, 100, 101, 200, 4000]) {
    const expected = Math.max(ideal.flatMs, ideal.msPerToken * numTokens);
    assertAlmostEquals(
      rooflineMs(numTokens, model, MADE_UP_GPU),
      expected,
      expected * 1e-9,
      `rooflineMs(${numTokens}, Llama-2-70B, a GPU of 100 TFLOP/s and 1,000 GB/s)`,
    );
  }
  const flatMs = rooflineMs(1, model, MADE_UP_GPU);
  const msPerToken = rooflineMs(4000, model, MADE_UP_GPU) / 4000;
  return { kneeTokens: flatMs / msPerToken, flatMs, msPerToken };
}

/** Chapter 2's spike, on the clock: victim A's token gaps and B's TTFT, in ms. */
export interface TimedSpike {
  /** A's inter-token latencies, in order. */
  victimItlMs: number[];
  /** B's time to first token. */
  longTtftMs: number;
  /** The whole run, traced. */
  run: TimedRun;
}

/**
 * Chapter 2's spike scene under a profile: A (8-token prompt, 16 outputs)
 * arrives at 0 ms; B (`longPromptLen` tokens, 2 outputs) arrives 1 µs later,
 * so it joins right after A's first step. The budget defaults to 16,384 + 64,
 * enough to take a 16k prompt whole, as an engine without chunking must.
 *
 * @example
 * ```ts
 * import { timedSpike } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(timedSpike({ profile: "llama2-7b-a100", longPromptLen: 256, threshold: 0 }).victimItlMs.length, 15);
 * ```
 */
export function timedSpike(
  options: { profile: ProfileName; longPromptLen: number; threshold: number; budget?: number },
): TimedSpike {
  const { profile, longPromptLen, threshold, budget = 16384 + 64 } = options;
  const run = runTimed(
    [
      { id: "A", arrivalMs: 0, prompt: [11, 12, 13, 14, 15, 16, 17, 18], maxTokens: 16 },
      { id: "B", arrivalMs: 1e-3, prompt: promptFromId("B", longPromptLen), maxTokens: 2 },
    ],
    { maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold },
    {
      profile,
      trace: true,
    },
  );
  const [a, b] = run.requests;
  const victimItlMs = a.tokenTimesMs.slice(1).map((t, i) => t - a.tokenTimesMs[i]);
  return { victimItlMs, longTtftMs: b.tokenTimesMs[0] - b.arrivalMs, run };
}

/**
 * Below the knee a spike is a bump: the step that carries a 256-token prompt
 * costs the victim at most 3 decode steps, though it holds 257 times the tokens.
 * Returns the worst gap over the fastest.
 *
 * @example
 * ```ts
 * import { checkSpikeIsABump } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkSpikeIsABump([20, 10, 10]), { worstOverFastest: 2 });
 * ```
 */
export function checkSpikeIsABump(victimItlMs: readonly number[]): { worstOverFastest: number } {
  const ratio = Math.max(...victimItlMs) / Math.min(...victimItlMs);
  assertLessOrEqual(
    ratio,
    3,
    `Expected the worst gap to be <= 3 decode steps but found ${ratio.toFixed(1)}`,
  );
  return { worstOverFastest: ratio };
}

/**
 * Past the knee a spike is a stall: a prompt of thousands of tokens makes the
 * victim's worst gap at least 10 times its median. Returns that ratio.
 *
 * @example
 * ```ts
 * import { checkLongPromptStalls } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkLongPromptStalls([300, 10, 10, 10]), { worstOverMedian: 30 });
 * ```
 */
export function checkLongPromptStalls(
  victimItlMs: readonly number[],
): { worstOverMedian: number } {
  const sorted = [...victimItlMs].sort((a, b) => a - b);
  const ratio = sorted[sorted.length - 1] / sorted[Math.floor(sorted.length / 2)];
  assertGreaterOrEqual(
    ratio,
    10,
    `Expected the worst gap to be >= 10x the median but found ${ratio.toFixed(1)}x`,
  );
  return { worstOverMedian: ratio };
}

/**
 * Threshold 1 is slow in wall time: every one of the prompt's tokens takes a
 * step, and every step pays the fixed overhead, so its TTFT is at least 50
 * times the unchunked one. Returns that ratio.
 *
 * @example
 * ```ts
 * import { checkThresholdOneIsSlow } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkThresholdOneIsSlow(2800, 35), { ttftRatio: 80 });
 * ```
 */
export function checkThresholdOneIsSlow(
  ttftAtOneMs: number,
  ttftUnchunkedMs: number,
): { ttftRatio: number } {
  assert(ttftUnchunkedMs > 0, `Expected a positive unchunked TTFT but found ${ttftUnchunkedMs}`);
  const ratio = ttftAtOneMs / ttftUnchunkedMs;
  assertGreaterOrEqual(
    ratio,
    50,
    `Expected threshold 1's TTFT to be >= 50x unchunked but found ${ratio.toFixed(1)}x`,
  );
  return { ttftRatio: ratio };
}

/** Every check of this chapter's exercise, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<Lab>[] = [
  {
    name: "rooflineMs() matches the hand-worked values",
    exercise: "rooflineMs",
    run: (lab) => checkRooflineMs(lab.rooflineMs).map((c) => Number(c.foundMs.toFixed(4))),
  },
  {
    name: "rooflineMs() follows max(T_math, T_mem) on a GPU it has not seen",
    exercise: "rooflineMs",
    run: (lab) => checkRooflineOnAnyGpu(lab.rooflineMs),
  },
];
