// Chapter 1, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { loadLab } from "../notebooks/lab.ts";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkNumPrefillSteps,
  checkOutputInvariance,
  CHECKS,
  checkTwoPromptTtfts,
  measuredPrefillSteps,
  measuredTwoPromptTtfts,
} from "../notebooks/01-chunked-prefill/checks.ts";
import type * as Lab from "../notebooks/01-chunked-prefill/solution.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("01-chunked-prefill", CHECKS);

Deno.test("chapter 1: checkNumPrefillSteps() returns its boundary cases and the grid's size", async () => {
  const { numPrefillSteps } = await loadLab<typeof Lab>("01-chunked-prefill", "solution");
  const { boundaries, gridCombinations } = checkNumPrefillSteps(numPrefillSteps);
  assertEquals([boundaries.length, gridCombinations], [7, 7 * 6 * 4]);
  assertEquals(boundaries[3], {
    promptLen: 256,
    threshold: 32,
    budget: 2048,
    steps: 8,
    rule: "exact division has no +1",
  });
});

Deno.test("chapter 1: chunked outputs are identical to unchunked ones over a seeded sweep", () => {
  const sweep = checkOutputInvariance();
  assertEquals([sweep.runs, sweep.outputs], [20 * 15, 20 * 15 * 6]);
  assertEquals([sweep.workloads, sweep.thresholds, sweep.budgets], [20, [0, 1, 4, 16, 64], [
    8,
    64,
    512,
  ]]);
});

Deno.test("chapter 1: measuredTwoPromptTtfts() reads the engine: budget 512 fills every step", () => {
  // Worked by hand: 1000 + 1000 tokens in steps of 512 -> the first done in step 1, the second in 3.
  assertEquals(measuredTwoPromptTtfts(1000, 1000, 512), [2, 4]);
  assertEquals(measuredTwoPromptTtfts(500, 20, 512), [1, 2]);
});

Deno.test("chapter 1: the stretch check fails a formula that ignores the shared budget", () => {
  const alone = (p1: number, p2: number, b: number): [number, number] => [
    Math.ceil(p1 / b),
    Math.ceil(p2 / b),
  ];
  assertThrows(() => checkTwoPromptTtfts(alone), AssertionError, "twoPromptTtfts(1000, 1000, 512)");
});

Deno.test("chapter 1: measuredPrefillSteps() reads the engine, not the formula", () => {
  // Worked by hand: budget 30 cuts 100 tokens into 30 + 30 + 30 + 10.
  assertEquals(measuredPrefillSteps(100, 0, 30), 4);
  assertEquals(measuredPrefillSteps(100, 7, 30), 15);
});

// Tests of the tests: each check must be able to fail.
Deno.test("chapter 1: the invariance check fails when the sampling guard samples mid-prefill", () => {
  const alwaysSample = () => true;
  assertThrows(
    () => checkOutputInvariance(alwaysSample),
    AssertionError,
    "Expected identical outputs, but request",
  );
});

Deno.test("chapter 1: the formula check fails an off-by-one formula", () => {
  const plusOne = (p: number, t: number, b: number) => Math.floor(p / Math.min(t || b, b)) + 1;
  assertThrows(
    () => checkNumPrefillSteps(plusOne),
    AssertionError,
    "numPrefillSteps(4096, 0, 512)",
  );
  const thresholdWins = (p: number, t: number, b: number) => Math.ceil(p / (t || b));
  assertThrows(
    () => checkNumPrefillSteps(thresholdWins),
    AssertionError,
    "threshold > budget: budget wins",
  );
});
