// Chapter 2, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import type { StepRecord } from "stallfree";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkCapHoldsAndWorkConserved,
  checkIdenticalVictimOutput,
  CHECKS,
  checkSpikeIsRealAndSingular,
  checkVictimNeverStarved,
  SEED_PROFILES,
  spikeRun,
} from "../notebooks/02-decode-spikes/checks.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("02-decode-spikes", CHECKS);

Deno.test("chapter 2: the checks return what they measured", () => {
  assertEquals(checkSpikeIsRealAndSingular(SEED_PROFILES.threshold0), {
    worst: 257,
    secondWorst: 2,
  });
  assertEquals(
    checkCapHoldsAndWorkConserved(SEED_PROFILES.threshold32, SEED_PROFILES.threshold0),
    { worst: 33, elevated: 8, totalWork: 272 },
  );
  const run = spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 32 });
  assertEquals(checkVictimNeverStarved(run.records, "A"), { stepsAlive: 16 });
});

Deno.test("chapter 2: spikeRun() at threshold 1 chunks the victim's own 8-token prompt", () => {
  const run = spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 1 });
  assertEquals([run.victimTtftSteps, run.victimFinishStep, run.longTtftSteps], [8, 22, 256]);
});

// Tests of the tests: each named assertion must be able to fail.
Deno.test("chapter 2: each assertion fails on the data it exists to reject", () => {
  assertThrows(
    () => checkSpikeIsRealAndSingular(SEED_PROFILES.threshold32),
    AssertionError,
    "worst unchunked step to be >= 257 but found 33",
  );
  assertThrows(
    () => checkSpikeIsRealAndSingular([257, 40, 1]),
    AssertionError,
    "second-worst unchunked step to be <= 3 but found 40",
  );
  assertThrows(
    () => checkCapHoldsAndWorkConserved(SEED_PROFILES.threshold0, SEED_PROFILES.threshold0),
    AssertionError,
    "<= 33 but found 257",
  );
  assertThrows(
    () => checkCapHoldsAndWorkConserved([33, 33, 1], [33, 33, 1]),
    AssertionError,
    ">= 8 elevated steps",
  );
  assertThrows(
    () =>
      checkCapHoldsAndWorkConserved(
        SEED_PROFILES.threshold32.slice(0, -1),
        SEED_PROFILES.threshold0,
      ),
    AssertionError,
    "same total work",
  );
  assertThrows(
    () => checkIdenticalVictimOutput([1, 2, 3], [1, 2, 4]),
    AssertionError,
    "identical under both schedules",
  );
  const { records } = spikeRun({ longPromptLen: 256, longPrefillTokenThreshold: 32 });
  const starved: StepRecord[] = records.map((r) =>
    r.step === 3 ? { ...r, scheduled: r.scheduled.filter((c) => c.id !== "A") } : r
  );
  assertThrows(() => checkVictimNeverStarved(starved, "A"), AssertionError, "it skipped step 3");
});
