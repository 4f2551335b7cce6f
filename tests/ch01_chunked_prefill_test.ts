// Chapter 1, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { labImpl, loadLab } from "../notebooks/lab.ts";
import {
  checkNumPrefillSteps,
  checkOutputInvariance,
  loadExercise,
  measuredPrefillSteps,
} from "../notebooks/01-chunked-prefill/checks.ts";
import type * as Lab from "../notebooks/01-chunked-prefill/solution.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

Deno.test(`chapter 1: numPrefillSteps() from ${labImpl()}.ts holds at the boundaries and matches the engine`, async () => {
  const { numPrefillSteps } = await loadExercise();
  checkNumPrefillSteps(numPrefillSteps);
});

Deno.test("chapter 1: chunked outputs are identical to unchunked ones over a seeded sweep", () => {
  const { runs, outputs } = checkOutputInvariance();
  assertEquals([runs, outputs], [20 * 15, 20 * 15 * 6]);
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
  assertThrows(() => checkNumPrefillSteps(thresholdWins), AssertionError, "the budget wins");
});

Deno.test({
  name: "chapter 1: the untouched starter fails the formula check and says what to write",
  ignore: labImpl() === "starter",
}, async () => {
  const { numPrefillSteps } = await loadLab<typeof Lab>("01-chunked-prefill", "starter");
  assertThrows(
    () => checkNumPrefillSteps(numPrefillSteps),
    Error,
    "Not implemented yet: write numPrefillSteps(promptLen, threshold, budget)",
  );
});
