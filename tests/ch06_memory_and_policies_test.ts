// Chapter 6, graded against solution.ts, or starter.ts with LAB_IMPL=starter;
// and the chapter's claims on its scenes.
import { loadLab } from "../notebooks/lab.ts";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import {
  checkAgreesWithEngine,
  checkAskerPreemptsItself,
  checkNoPressure,
  checkPrefixCachingHelps,
  checkPriorityTrade,
  checkRecomputeBookkeeping,
  CHECKS,
  checkThrashAndFix,
} from "../notebooks/06-memory-and-policies/checks.ts";
import {
  generationRate,
  policyScene,
  sharedPromptScene,
  thrashScene,
} from "../notebooks/06-memory-and-policies/scenes.ts";
import type * as Lab from "../notebooks/06-memory-and-policies/solution.ts";
import { assertEquals, AssertionError, assertThrows } from "@std/assert";

testChapterChecks("06-memory-and-policies", CHECKS);

Deno.test("chapter 6: admitting on the first chunk thrashes, and reserveFullPrompt stops it", () => {
  const scene = (reserve: boolean) => {
    const s = thrashScene(reserve);
    return { ...s, rate: generationRate(s.run, "d", 6000) };
  };
  const { preemptions } = checkThrashAndFix(scene(false), scene(true));
  assertEquals(preemptions, [128, 0]);
});

Deno.test("chapter 6: prefill-priority trades ITL for TTFT; prefix caching cuts TTFT", () => {
  checkPriorityTrade(policyScene("stall-free"), policyScene("prefill-priority"));
  checkPrefixCachingHelps(sharedPromptScene(false), sharedPromptScene(true));
});

// Tests of the tests: plausible wrong running passes and wrong claims must fail.
Deno.test("chapter 6: a pass that preempts the oldest, or forgets the bookkeeping, fails", async () => {
  const { planRunningPass } = await loadLab<typeof Lab>("06-memory-and-policies", "solution");
  const oldestFirst: typeof planRunningPass = (running, limits) =>
    planRunningPass([...running].reverse(), limits);
  assertThrows(() => checkAgreesWithEngine(oldestFirst), AssertionError, "scheduled");
  const keepsComputed: typeof planRunningPass = (running, limits) => {
    const plan = planRunningPass(running, limits);
    const kept = plan.waitingFront.map((r) => running.find((s) => s.id === r.id)!);
    return { ...plan, waitingFront: kept };
  };
  assertThrows(() => checkRecomputeBookkeeping(keepsComputed), AssertionError, "waiting front");
  const neverSelf: typeof planRunningPass = (running, limits) =>
    planRunningPass(running, { ...limits, freeBlocks: limits.freeBlocks + 1 });
  assertThrows(() => checkAskerPreemptsItself(neverSelf), AssertionError, "the asker");
  assertThrows(() => checkNoPressure(neverSelf), AssertionError, "no pressure");
  const [stallFree, priority] = [policyScene("stall-free"), policyScene("prefill-priority")];
  assertThrows(() => checkPriorityTrade(priority, stallFree), AssertionError, "p99 TTFT");
  const off = sharedPromptScene(false);
  assertThrows(() => checkPrefixCachingHelps(off, off), AssertionError, "caching off over on");
});

Deno.test("chapter 6: a failed check's first line, all the grader prints, shows both values", async () => {
  const { planRunningPass } = await loadLab<typeof Lab>("06-memory-and-policies", "solution");
  const noVictims: typeof planRunningPass = (running, limits) => ({
    ...planRunningPass(running, limits),
    preempted: [],
  });
  const error = assertThrows(() => checkAgreesWithEngine(noVictims), AssertionError);
  const firstLine = error.message.split("\n")[0];
  assertEquals(
    firstLine.startsWith(`the tiny pool's step 1: preempted: found [], expected ["C"]`),
    true,
    firstLine,
  );
});
