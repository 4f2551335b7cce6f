// Chapter 3, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { SloUnsatisfiableError } from "stallfree";
import { labImpl, loadLab } from "../notebooks/lab.ts";
import {
  checkBudgetMonotonicity,
  checkChunkingHidesBesideDecodes,
  checkQueueingAndIdleTtft,
  checkRefusals,
  checkSearchRespectsSlo,
  checkThresholdIsPerRequest,
  checkTieBreaks,
  loadExercise,
} from "../notebooks/03-tune-the-knobs/checks.ts";
import type * as Lab from "../notebooks/03-tune-the-knobs/solution.ts";
import { AssertionError, assertThrows } from "@std/assert";

const impl = `${labImpl()}.ts`;

Deno.test(`chapter 3: simulate() from ${impl} never takes more steps for more budget`, async () => {
  checkBudgetMonotonicity((await loadExercise()).simulate);
});

Deno.test(`chapter 3: simulate() from ${impl} shows the threshold is per-request`, async () => {
  checkThresholdIsPerRequest((await loadExercise()).simulate);
});

Deno.test(`chapter 3: simulate() from ${impl} hides chunks beside decodes, not for a lone prompt`, async () => {
  checkChunkingHidesBesideDecodes((await loadExercise()).simulate);
});

Deno.test(`chapter 3: simulate() from ${impl} counts queueing in TTFT, and idle TTFT is 1`, async () => {
  checkQueueingAndIdleTtft((await loadExercise()).simulate);
});

Deno.test(`chapter 3: gridSearch() from ${impl} treats the SLO as a constraint`, async () => {
  checkSearchRespectsSlo((await loadExercise()).gridSearch);
});

Deno.test(`chapter 3: gridSearch() from ${impl} breaks ties by worst TTFT, then budget`, async () => {
  checkTieBreaks((await loadExercise()).gridSearch);
});

Deno.test(`chapter 3: gridSearch() from ${impl} refuses impossible SLOs and invalid grids`, async () => {
  checkRefusals((await loadExercise()).gridSearch);
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

Deno.test({
  name: "chapter 3: the untouched starter fails the checks and says what to write",
  ignore: labImpl() === "starter",
}, async () => {
  const { simulate, gridSearch } = await loadLab<typeof Lab>("03-tune-the-knobs", "starter");
  assertThrows(
    () => checkThresholdIsPerRequest(simulate),
    Error,
    "Not implemented yet: write simulate(arrivals, config)",
  );
  assertThrows(
    () => checkSearchRespectsSlo(gridSearch),
    Error,
    "Not implemented yet: write gridSearch(",
  );
});
