/**
 * Chapter 6's checks: the exercise's running pass against hand-worked cases
 * and against the engine itself, and the chapter's claims as named
 * assertions, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assertEquals, assertGreaterOrEqual, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";
import type { RunningRequest } from "./types.ts";
import { type SceneRun, TINY_POOL } from "./scenes.ts";

/** What the exercise must provide: `planRunningPass`. */
export type Lab = typeof Solution;

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).

 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).planRunningPass, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<Lab> {
  return loadLab<Lab>("06-memory-and-policies", impl, console.log);
}

/** `assertEquals`, with both values on the message's first line (the grader prints only that). */
function same(found: unknown, expected: unknown, what: string): void {
  const text = (value: unknown) => JSON.stringify(value);
  assertEquals(found, expected, `${what}: found ${text(found)}, expected ${text(expected)}`);
}

const req = (id: string, numTokens: number, numComputedTokens: number, blockSize: number) => ({
  ...{ id, numTokens, numComputedTokens },
  numBlocks: Math.ceil(numComputedTokens / blockSize),
});

/**
 * The tiny pool at step 1, read off the engine: after step 0 each of A, B, C
 * holds one block of 2 and decodes position 2; one block is free. The plan
 * must match the engine's step 1 record.

 *
 * @example
 * ```ts
 * import { checkAgreesWithEngine } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * checkAgreesWithEngine(planRunningPass);
 * ```
 */
export function checkAgreesWithEngine(
  plan: Lab["planRunningPass"],
): { scheduled: string[]; preempted: string[] } {
  const engine = new Engine(TINY_POOL.config);
  for (const r of TINY_POOL.requests) engine.addRequest(r);
  engine.step();
  const record = engine.step();
  const running = ["A", "B", "C"].map((id) => req(id, 3, 2, 2));
  const found = plan(running, { freeBlocks: 1, blockSize: 2, budget: 2048 });
  const scheduled = record.scheduled.map(({ id, numScheduledTokens }) => ({
    id,
    numScheduledTokens,
  }));
  same(found.scheduled, scheduled, "the tiny pool's step 1: scheduled");
  same(found.preempted, record.preempted, "the tiny pool's step 1: preempted");
  same(found.freeBlocks, 0, "the tiny pool's step 1: free blocks after");
  return { scheduled: found.scheduled.map((c) => c.id), preempted: found.preempted };
}

/** Without pressure nothing is preempted, and the free blocks drop by the new ones.
 *
 * @example
 * ```ts
 * import { checkNoPressure } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * checkNoPressure(planRunningPass);
 * ```
 */
export function checkNoPressure(plan: Lab["planRunningPass"]): number {
  // Block size 4: a decodes position 8 (opens its block 3), b prefills 6 of its 8 left (to 10:
  // blocks 2 and 3).
  const running = [req("a", 9, 8, 4), req("b", 12, 4, 4)];
  const found = plan(running, { freeBlocks: 3, blockSize: 4, budget: 7 });
  const both = [{ id: "a", numScheduledTokens: 1 }, { id: "b", numScheduledTokens: 6 }];
  same(found.scheduled, both, "no pressure: scheduled");
  same([found.preempted, found.freeBlocks], [[], 0], "no pressure: [preempted, free blocks]");
  return found.freeBlocks;
}

/** The asker, last in the running list, preempts itself: the pass ends there.
 *
 * @example
 * ```ts
 * import { checkAskerPreemptsItself } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * checkAskerPreemptsItself(planRunningPass);
 * ```
 */
export function checkAskerPreemptsItself(plan: Lab["planRunningPass"]): string[] {
  const running = [req("a", 9, 8, 4), req("b", 5, 4, 4)]; // both need a new block; 1 free
  const found = plan(running, { freeBlocks: 1, blockSize: 4, budget: 64 });
  same(found.scheduled.map((c) => c.id), ["a"], "the asker preempts itself: scheduled ids");
  same(
    [found.preempted, found.freeBlocks],
    [["b"], 1],
    "the asker preempts itself: [preempted, free blocks]",
  );
  return found.preempted;
}

/**
 * Two victims in one pass: the newest goes first; both wait at the front in
 * admission order, every position to recompute, outputs kept in `numTokens`.

 *
 * @example
 * ```ts
 * import { checkRecomputeBookkeeping } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * checkRecomputeBookkeeping(planRunningPass);
 * ```
 */
export function checkRecomputeBookkeeping(plan: Lab["planRunningPass"]): string[] {
  // a's chunk of 8 needs 2 new blocks of 4; none is free, and b and c hold one each.
  const running = [req("a", 16, 8, 4), req("b", 4, 3, 4), req("c", 3, 2, 4)];
  const found = plan(running, { freeBlocks: 0, blockSize: 4, budget: 64 });
  same(found.scheduled, [{ id: "a", numScheduledTokens: 8 }], "two victims: scheduled");
  same(found.preempted, ["c", "b"], "two victims: preempted, the newest first");
  const waiting = (r: RunningRequest) => [r.id, r.numTokens, r.numComputedTokens, r.numBlocks];
  const front = [["b", 4, 0, 0], ["c", 3, 0, 0]];
  same(
    found.waitingFront.map(waiting),
    front,
    "waiting front as [id, numTokens, numComputedTokens, numBlocks]",
  );
  same(found.freeBlocks, 0, "two victims: free blocks after");
  return found.waitingFront.map((r) => r.id);
}

/** Once the budget is spent the pass stops: later requests are neither scheduled nor preempted.
 *
 * @example
 * ```ts
 * import { checkBudgetEndsThePass } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * checkBudgetEndsThePass(planRunningPass);
 * ```
 */
export function checkBudgetEndsThePass(plan: Lab["planRunningPass"]): number {
  const running = [req("a", 20, 4, 4), req("b", 9, 8, 4)];
  const found = plan(running, { freeBlocks: 4, blockSize: 4, budget: 8 });
  same(found.scheduled, [{ id: "a", numScheduledTokens: 8 }], "budget spent: scheduled");
  same([found.preempted, found.freeBlocks], [[], 2], "budget spent: [preempted, free blocks]");
  return found.scheduled.length;
}

const PASS_CHECKS: [string, (plan: Lab["planRunningPass"]) => unknown][] = [
  ["without pressure nothing is preempted", checkNoPressure],
  ["the last running request is the victim, as in the engine", checkAgreesWithEngine],
  ["the asker preempts itself when it is last, and the pass ends", checkAskerPreemptsItself],
  ["victims wait at the front, in admission order, to recompute all", checkRecomputeBookkeeping],
  ["a spent budget ends the pass", checkBudgetEndsThePass],
];

/** Every check of this chapter's exercise, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<Lab>[] = PASS_CHECKS.map(([what, check]) => ({
  name: `planRunningPass(): ${what}`,
  exercise: "planRunningPass",
  run: (lab) => check(lab.planRunningPass),
}));

/**
 * PR #37307's pathology and its fix: admitting on the first chunk preempts at
 * least 50 times and at least halves the decoders' generation rate;
 * `reserveFullPrompt` preempts at most once.

 *
 * @example
 * ```ts
 * import { checkThrashAndFix } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { assertEquals } from "@std/assert";
 * const scene = (preemptions: number, rate: number) => ({ preemptions, rate }) as never;
 * assertEquals(checkThrashAndFix(scene(80, 100), scene(0, 250)).rateRatio, 2.5);
 * ```
 */
export function checkThrashAndFix(
  thrash: SceneRun & { rate: number },
  fixed: SceneRun & { rate: number },
): { preemptions: number[]; rateRatio: number } {
  assertGreaterOrEqual(thrash.preemptions, 50, "preemptions when admitting on the first chunk");
  assertLessOrEqual(fixed.preemptions, 1, "preemptions with reserveFullPrompt");
  assertGreaterOrEqual(fixed.rate / thrash.rate, 2, "generation rate, fixed over thrashing");
  return {
    preemptions: [thrash.preemptions, fixed.preemptions],
    rateRatio: fixed.rate / thrash.rate,
  };
}

/** Prefill-priority trades ITL for TTFT: a lower p99 TTFT and a higher p99 ITL than stall-free.
 *
 * @example
 * ```ts
 * import { checkPriorityTrade } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { assertThrows } from "@std/assert";
 * const at = (ttft: number, itl: number) => ({ metrics: { ttftMs: { p99: ttft }, itlMs: { p99: itl } } }) as never;
 * checkPriorityTrade(at(200, 80), at(150, 100));
 * assertThrows(() => checkPriorityTrade(at(200, 80), at(250, 100)));
 * ```
 */
export function checkPriorityTrade(
  stallFree: SceneRun,
  priority: SceneRun,
): { ttftP99: number[]; itlP99: number[] } {
  const [s, p] = [stallFree.metrics, priority.metrics];
  assertLessOrEqual(p.ttftMs.p99, s.ttftMs.p99, "p99 TTFT, prefill-priority against stall-free");
  assertGreaterOrEqual(p.itlMs!.p99, s.itlMs!.p99, "p99 ITL, prefill-priority against stall-free");
  return { ttftP99: [s.ttftMs.p99, p.ttftMs.p99], itlP99: [s.itlMs!.p99, p.itlMs!.p99] };
}

/** Prefix caching on a shared system prompt at least halves the median TTFT.
 *
 * @example
 * ```ts
 * import { checkPrefixCachingHelps } from "stallfree/notebooks/06-memory-and-policies/checks.ts";
 * import { assertEquals } from "@std/assert";
 * const at = (median: number) => ({ metrics: { ttftMs: { median } } }) as never;
 * assertEquals(checkPrefixCachingHelps(at(300), at(100)), 3);
 * ```
 */
export function checkPrefixCachingHelps(off: SceneRun, on: SceneRun): number {
  const ratio = off.metrics.ttftMs.median / on.metrics.ttftMs.median;
  assertGreaterOrEqual(ratio, 2, "median TTFT, caching off over on");
  return ratio;
}
