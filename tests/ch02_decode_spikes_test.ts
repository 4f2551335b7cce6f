// Chapter 2, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import type { StepRecord } from "stallfree";
import { labImpl, loadLab } from "../notebooks/lab.ts";
import {
  checkCapHoldsAndWorkConserved,
  checkIdenticalVictimOutput,
  checkSpikeIsRealAndSingular,
  checkSpikeProfiles,
  checkVictimNeverStarved,
  loadExercise,
  SEED_PROFILES,
  spikeRun,
} from "../notebooks/02-decode-spikes/checks.ts";
import type * as Lab from "../notebooks/02-decode-spikes/solution.ts";
import { AssertionError, assertThrows } from "@std/assert";

Deno.test(`chapter 2: decodeStepCosts() from ${labImpl()}.ts reproduces the seed profiles`, async () => {
  const { decodeStepCosts } = await loadExercise();
  checkSpikeProfiles(decodeStepCosts);
});

Deno.test(`chapter 2: the four assertions hold on ${labImpl()}.ts's profiles and the engine's runs`, async () => {
  const { decodeStepCosts } = await loadExercise();
  const unchunked = decodeStepCosts({ longPromptLen: 256, threshold: 0 });
  const chunked = decodeStepCosts({ longPromptLen: 256, threshold: 32 });
  checkSpikeIsRealAndSingular(unchunked);
  checkCapHoldsAndWorkConserved(chunked, unchunked);
  const [runChunked, runUnchunked] = [spikeRun({ threshold: 32 }), spikeRun({ threshold: 0 })];
  checkIdenticalVictimOutput(runChunked.victimOutput, runUnchunked.victimOutput);
  checkVictimNeverStarved(runChunked.records, "A");
  checkVictimNeverStarved(runUnchunked.records, "A");
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
  const { records } = spikeRun({ threshold: 32 });
  const starved: StepRecord[] = records.map((r) =>
    r.step === 3 ? { ...r, scheduled: r.scheduled.filter((c) => c.id !== "A") } : r
  );
  assertThrows(() => checkVictimNeverStarved(starved, "A"), AssertionError, "it skipped step 3");
});

Deno.test({
  name: "chapter 2: the untouched starter fails the profile check and says what to write",
  ignore: labImpl() === "starter",
}, async () => {
  const { decodeStepCosts } = await loadLab<typeof Lab>("02-decode-spikes", "starter");
  assertThrows(
    () => checkSpikeProfiles(decodeStepCosts),
    Error,
    "Not implemented yet: write decodeStepCosts(",
  );
});
