// Chapter 4, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkLongPromptStalls,
  checkRooflineMs,
  checkRooflineOnAnyGpu,
  CHECKS,
  checkSpikeIsABump,
  checkThresholdOneIsSlow,
  timedSpike,
} from "../notebooks/04-time-not-tokens/checks.ts";
import { rooflineMs } from "../notebooks/04-time-not-tokens/solution.ts";
import { GPUS } from "stallfree";
import { assertAlmostEquals, assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("04-time-not-tokens", CHECKS);

Deno.test("chapter 4: the checks return what they measured", () => {
  const cases = checkRooflineMs(rooflineMs);
  assertEquals(cases.map((c) => c.numTokens), [1, 100, 200, 4096, 1, 4096]);
  for (const { foundMs, expectedMs } of cases) assertAlmostEquals(foundMs, expectedMs, 1e-3);
  assertAlmostEquals(checkRooflineOnAnyGpu(rooflineMs).kneeTokens, 100, 1e-9);
  const bump = timedSpike({ profile: "llama2-7b-a100", longPromptLen: 256, threshold: 0 });
  assertAlmostEquals(checkSpikeIsABump(bump.victimItlMs).worstOverFastest, 2.0, 0.1);
  const stall = timedSpike({ profile: "llama2-7b-a100", longPromptLen: 4096, threshold: 0 });
  assertAlmostEquals(checkLongPromptStalls(stall.victimItlMs).worstOverMedian, 28, 1);
  assertEquals(checkThresholdOneIsSlow(2800, 35), { ttftRatio: 80 });
});

Deno.test("chapter 4: the spike is a bump below the knee and a stall past it, on both profiles", () => {
  for (const profile of ["llama2-7b-a100", "llama2-70b-h100-tp4"] as const) {
    checkSpikeIsABump(timedSpike({ profile, longPromptLen: 256, threshold: 0 }).victimItlMs);
    checkLongPromptStalls(timedSpike({ profile, longPromptLen: 4096, threshold: 0 }).victimItlMs);
  }
  const ttft = (threshold: number) =>
    timedSpike({ profile: "llama2-7b-a100", longPromptLen: 256, threshold }).longTtftMs;
  checkThresholdOneIsSlow(ttft(1), ttft(0));
});

// Tests of the tests: each named assertion must be able to fail.
Deno.test("chapter 4: each assertion fails on the data it exists to reject", () => {
  const stall = timedSpike({ profile: "llama2-7b-a100", longPromptLen: 4096, threshold: 0 });
  assertThrows(
    () => checkSpikeIsABump(stall.victimItlMs),
    AssertionError,
    "<= 3 decode steps but found 28.",
  );
  const bump = timedSpike({ profile: "llama2-7b-a100", longPromptLen: 256, threshold: 0 });
  assertThrows(
    () => checkLongPromptStalls(bump.victimItlMs),
    AssertionError,
    ">= 10x the median but found 2.0x",
  );
  assertThrows(
    () => checkThresholdOneIsSlow(40, 33),
    AssertionError,
    ">= 50x unchunked but found 1.2x",
  );
  // A roofline that forgets to multiply by the layers is 32 times too fast.
  const oneLayer: typeof rooflineMs = (n, model, gpu) =>
    rooflineMs(n, { ...model, numLayers: 1 }, gpu);
  assertThrows(
    () => checkRooflineMs(oneLayer),
    AssertionError,
    "rooflineMs of 1 token, 7B on A100",
  );
  // One that ignores the GPU it is given passes the datasheet cases and fails on a new part.
  const a100Only: typeof rooflineMs = (n, model) => rooflineMs(n, model, GPUS.a100);
  assertThrows(
    () => checkRooflineOnAnyGpu(a100Only),
    AssertionError,
    "rooflineMs(1, Llama-2-70B, a GPU of 100 TFLOP/s and 1,000 GB/s)",
  );
});
