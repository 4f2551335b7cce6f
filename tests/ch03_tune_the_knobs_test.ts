// Chapter 3, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { SloUnsatisfiableError } from "stallfree";
import { loadLab } from "../notebooks/lab.ts";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkBudgetMonotonicity,
  checkChunkingHidesBesideDecodes,
  checkRefusals,
  CHECKS,
  checkSearchRespectsSlo,
  checkThresholdIsPerRequest,
  checkTieBreaks,
} from "../notebooks/03-tune-the-knobs/checks.ts";
import type * as Lab from "../notebooks/03-tune-the-knobs/solution.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("03-tune-the-knobs", CHECKS);

Deno.test("chapter 3: the checks return what they measured", async () => {
  const { simulate } = await loadLab<typeof Lab>("03-tune-the-knobs", "solution");
  assertEquals(checkThresholdIsPerRequest(simulate), {
    threshold32Budget2048: 65,
    threshold32Budget40: 40,
  });
  assertEquals(checkChunkingHidesBesideDecodes(simulate), {
    besideOff: 24,
    beside32: 24,
    loneOff: 2,
    lone32: 9,
  });
  assertEquals(checkBudgetMonotonicity(simulate).runs, 12 * 3 * 6);
});

Deno.test("chapter 3: gridSearch() refuses null options, a NaN SLO and BigInt values in one line", async () => {
  const { gridSearch, simulate } = await loadLab<typeof Lab>("03-tune-the-knobs", "solution");
  const arrivals = [{ id: "a", arrival: 0, promptLen: 4, maxTokens: 2 }];
  const grid = { budgets: [64], thresholds: [0], maxStepTokensSlo: 64 };
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [
      () => gridSearch(arrivals, null as never),
      TypeError,
      "Expected options to be an object but found null",
    ],
    [
      () => gridSearch(arrivals, { ...grid, maxStepTokensSlo: NaN }),
      RangeError,
      "Expected maxStepTokensSlo to be an integer >= 1 but found NaN",
    ],
    [
      () => gridSearch(arrivals, { ...grid, budgets: [64n] } as never),
      RangeError,
      "Expected budgets to be a non-empty array of integers >= 1 but found [64n]",
    ],
    [
      () => simulate(arrivals, null as never),
      TypeError,
      "Expected config to be an object but found null",
    ],
    [
      () => simulate(arrivals, { maxNumBatchedTokens: 8n, longPrefillTokenThreshold: 0 } as never),
      TypeError,
      "Expected config.maxNumBatchedTokens to be a number but found 8n",
    ],
  ];
  for (const [fn, type, message] of cases) {
    const error = assertThrows(fn, type);
    assertEquals(error.message, message);
  }
});

// Tests of the tests: plausible wrong searches must fail the checks.
Deno.test("chapter 3: a search that ignores the SLO, or answers 'best effort', fails the checks", async () => {
  const { simulate } = await loadLab<typeof Lab>("03-tune-the-knobs", "solution");
  const fastestIgnoringSlo: typeof Lab.gridSearch = (arrivals, { budgets, thresholds }) => {
    const all = budgets.flatMap((b) =>
      thresholds.map((t) => {
        const config = { maxNumBatchedTokens: b, longPrefillTokenThreshold: t };
        return { config, metrics: simulate(arrivals, config) };
      })
    );
    return all.reduce((a, b) => (b.metrics.totalSteps < a.metrics.totalSteps ? b : a));
  };
  assertThrows(
    () => checkSearchRespectsSlo(fastestIgnoringSlo),
    AssertionError,
    "the fastest config breaks the SLO",
  );
  assertThrows(
    () => checkRefusals(fastestIgnoringSlo),
    AssertionError,
    "Expected function to throw",
  );
  assertThrows(
    () => checkTieBreaks(fastestIgnoringSlo),
    AssertionError,
    "the lower worst TTFT wins",
  );
});

Deno.test("chapter 3: SloUnsatisfiableError is a RangeError whose message names the SLO and spike", () => {
  const error = new SloUnsatisfiableError(10, {
    maxNumBatchedTokens: 64,
    longPrefillTokenThreshold: 16,
    maxStepTokens: 17,
  });
  assertThrows(
    () => {
      throw error;
    },
    RangeError,
    "maxStepTokens <= 10 (the SLO) but the least-bad, budget 64 and threshold 16, peaks at 17",
  );
});
