// Chapter 5, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { loadLab } from "../notebooks/lab.ts";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkBracketsKnownLimits,
  checkOnTimedRuns,
  checkProbeOrder,
  checkRefusesNoCapacity,
  CHECKS,
} from "../notebooks/05-capacity-and-tuning/checks.ts";
import type * as Lab from "../notebooks/05-capacity-and-tuning/solution.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("05-capacity-and-tuning", CHECKS);

Deno.test("chapter 5: the checks return what they measured", async () => {
  const { capacitySearch } = await loadLab<typeof Lab>("05-capacity-and-tuning", "solution");
  assertEquals(checkRefusesNoCapacity(capacitySearch), [1, 0.5, 0.25]);
  assertEquals(checkBracketsKnownLimits(capacitySearch).find((r) => r.limit === 5)!.probes, 10);
});

// Tests of the tests: plausible wrong searches must fail the checks.
Deno.test("chapter 5: a scan, a search that never stops going down, a sloppy bisection fail", async () => {
  const { capacitySearch } = await loadLab<typeof Lab>("05-capacity-and-tuning", "solution");
  const scan: typeof capacitySearch = (isSloMet) => {
    const probes: number[] = [];
    let qps = 0.005;
    while (probes.push(qps), isSloMet(qps)) qps += 0.005;
    return { capacityQps: qps - 0.005, failQps: qps, probes };
  };
  assertThrows(() => checkBracketsKnownLimits(scan), AssertionError, "not a scan");
  const coarse: typeof capacitySearch = (isSloMet, options) =>
    capacitySearch(isSloMet, { ...options, precision: 0.3 });
  assertThrows(() => checkBracketsKnownLimits(coarse), AssertionError, "within 2%");
  const noFloor: typeof capacitySearch = (isSloMet, options = {}) =>
    capacitySearch(isSloMet, { ...options, minQps: 1 / 1024 });
  assertThrows(
    () => checkRefusesNoCapacity(noFloor),
    AssertionError,
    "expected a RangeError but found",
  );
  const askingTwice: typeof capacitySearch = (isSloMet, options) => {
    isSloMet(1);
    return capacitySearch(isSloMet, options);
  };
  assertThrows(() => checkBracketsKnownLimits(askingTwice), AssertionError, "once, in order");
  const midpointLow: typeof capacitySearch = (isSloMet, options) =>
    capacitySearch((qps) => isSloMet(qps), { ...options, startQps: 2 });
  assertThrows(
    () => checkProbeOrder(midpointLow),
    AssertionError,
    "limit 5, probes: expected [1,2,4,8,",
  );
  const pastMax: typeof capacitySearch = (isSloMet, options) =>
    capacitySearch(isSloMet, { ...options, maxQps: 2 * (options?.maxQps ?? 1024) });
  assertThrows(() => checkProbeOrder(pastMax), AssertionError, "maxQps 100 (never past it)");
  assertThrows(() => checkOnTimedRuns(midpointLow), AssertionError, "the library's probes");
});
