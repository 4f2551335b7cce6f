/**
 * Chapter 4's checks: the exercise's hand-worked roofline values, the timed
 * spike scene, and the chapter's claims as named assertions, shared word for
 * word by the notebook and `deno test`.
 *
 * @module
 */
import { GPUS, MODELS, type ProfileName, promptFromId, runTimed, type TimedRun } from "stallfree";
import { loadLab } from "../lab.ts";
import { assert, assertAlmostEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";

/**
 * Loads this chapter's exercise: `solution.ts`, or `starter.ts` when `LAB_IMPL=starter`.
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise()).rooflineMs, "function");
 * ```
 */
export function loadExercise(): Promise<typeof Solution> {
  return loadLab<typeof Solution>("04-time-not-tokens");
}

/** What the exercise must provide. */
export type RooflineMs = typeof Solution.rooflineMs;

/**
 * Checks `rooflineMs` on values worked by hand. Llama-2-7B has 6,476,005,376
 * linear weights (12.95 GB in FP16); Llama-2-70B 68,451,041,280.
 *
 * @example
 * ```ts
 * import { checkRooflineMs } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * import { rooflineMs } from "stallfree/notebooks/04-time-not-tokens/solution.ts";
 * checkRooflineMs(rooflineMs);
 * ```
 */
export function checkRooflineMs(rooflineMs: RooflineMs): void {
  const [llama7b, llama70b] = [MODELS["llama2-7b"], MODELS["llama2-70b"]];
  const near = (actual: number, expected: number, what: string) =>
    assertAlmostEquals(actual, expected, 1e-3, `rooflineMs ${what}`);
  // 12,952,010,752 bytes / 2,039 GB/s: one decode only reads the weights.
  near(rooflineMs(1, llama7b, GPUS.a100), 6.3521, "of 1 token, 7B on A100 (memory-bound)");
  near(rooflineMs(100, llama7b, GPUS.a100), 6.3521, "of 100 tokens, 7B on A100 (still flat)");
  // 2 x 6,476,005,376 x 200 FLOPs / 312 TFLOP/s: past the knee at 153 tokens.
  near(rooflineMs(200, llama7b, GPUS.a100), 8.3026, "of 200 tokens, 7B on A100 (compute-bound)");
  near(rooflineMs(4096, llama7b, GPUS.a100), 170.0367, "of 4,096 tokens, 7B on A100");
  near(rooflineMs(1, llama70b, GPUS.h100), 40.8663, "of 1 token, 70B on one H100");
  near(rooflineMs(4096, llama70b, GPUS.h100), 566.7013, "of 4,096 tokens, 70B on one H100");
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
 *
 * @example
 * ```ts
 * import { checkSpikeIsABump } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * checkSpikeIsABump([22.4, 10.9, 10.9]);
 * ```
 */
export function checkSpikeIsABump(victimItlMs: readonly number[]): void {
  const ratio = Math.max(...victimItlMs) / Math.min(...victimItlMs);
  assertLessOrEqual(
    ratio,
    3,
    `Expected the worst gap to be <= 3 decode steps but found ${ratio.toFixed(1)}`,
  );
}

/**
 * Past the knee a spike is a stall: a prompt of thousands of tokens makes the
 * victim's worst gap at least 10 times its median.
 *
 * @example
 * ```ts
 * import { checkLongPromptStalls } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * checkLongPromptStalls([310, 10.9, 10.9, 10.9]);
 * ```
 */
export function checkLongPromptStalls(victimItlMs: readonly number[]): void {
  const sorted = [...victimItlMs].sort((a, b) => a - b);
  const ratio = sorted[sorted.length - 1] / sorted[Math.floor(sorted.length / 2)];
  assertGreaterOrEqual(
    ratio,
    10,
    `Expected the worst gap to be >= 10x the median but found ${ratio.toFixed(1)}x`,
  );
}

/**
 * Threshold 1 is slow in wall time: every one of the prompt's tokens takes a
 * step, and every step pays the fixed overhead, so its TTFT is at least 50
 * times the unchunked one.
 *
 * @example
 * ```ts
 * import { checkThresholdOneIsSlow } from "stallfree/notebooks/04-time-not-tokens/checks.ts";
 * checkThresholdOneIsSlow(2822, 33);
 * ```
 */
export function checkThresholdOneIsSlow(ttftAtOneMs: number, ttftUnchunkedMs: number): void {
  assert(ttftUnchunkedMs > 0, `Expected a positive unchunked TTFT but found ${ttftUnchunkedMs}`);
  const ratio = ttftAtOneMs / ttftUnchunkedMs;
  assertGreaterOrEqual(
    ratio,
    50,
    `Expected threshold 1's TTFT to be >= 50x unchunked but found ${ratio.toFixed(1)}x`,
  );
}
