/**
 * Chapter 3's checks, one per behaviour of simulate and gridSearch, shared
 * word for word by the notebook and `deno test`.
 *
 * @module
 */
import { poissonWorkload, SloUnsatisfiableError } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assert, assertEquals, assertLessOrEqual, assertThrows } from "@std/assert";
import type * as Solution from "./solution.ts";
import type { GridSearchOptions, GridSearchResult, SimulateConfig } from "./types.ts";

/** What the exercise must provide: `simulate` and `gridSearch`. */
export type Lab = typeof Solution;

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).gridSearch, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<Lab> {
  return loadLab<Lab>("03-tune-the-knobs", impl, console.log);
}

const off = (budget: number) => ({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: 0 });
const at = (budget: number, threshold: number) => ({
  maxNumBatchedTokens: budget,
  longPrefillTokenThreshold: threshold,
});

/** A decode stream of 24 tokens, and a 256-token prompt arriving at step 1. */
export const DECODE_AND_LONG = [
  { id: "chat", arrival: 0, promptLen: 4, maxTokens: 24 },
  { id: "long", arrival: 1, promptLen: 256, maxTokens: 1 },
];

/**
 * More budget never means more steps, over a seeded family of workloads and
 * three thresholds. Returns how many of each it ran.
 *
 * @example
 * ```ts
 * import { checkBudgetMonotonicity } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { simulate } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkBudgetMonotonicity(simulate);
 * ```
 */
export function checkBudgetMonotonicity(
  simulate: Lab["simulate"],
): { workloads: number; thresholds: number[]; budgets: number[]; runs: number } {
  const [workloads, thresholds, budgets] = [12, [0, 8, 32], [8, 16, 32, 64, 128, 512]];
  let runs = 0;
  for (let seed = 0; seed < workloads; seed++) {
    const arrivals = poissonWorkload({
      numRequests: 8,
      arrivalRate: 0.3,
      promptLen: [1, 200],
      maxTokens: [1, 30],
      seed,
    });
    for (const threshold of thresholds) {
      let previous = Infinity;
      for (const budget of budgets) {
        const { totalSteps } = simulate(arrivals, at(budget, threshold));
        runs++;
        assertLessOrEqual(
          totalSteps,
          previous,
          `budget ${budget} took more steps than the budget below it (seed ${seed}, threshold ${threshold})`,
        );
        previous = totalSteps;
      }
    }
  }
  return { workloads, thresholds, budgets, runs };
}

/**
 * The threshold caps each request, not the step: two 32-token chunks plus a
 * decode make a 65-token step; only a budget of 40 holds the step to 40.
 * Returns the two largest steps it measured.
 *
 * @example
 * ```ts
 * import { checkThresholdIsPerRequest } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { simulate } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkThresholdIsPerRequest(simulate);
 * ```
 */
export function checkThresholdIsPerRequest(
  simulate: Lab["simulate"],
): { threshold32Budget2048: number; threshold32Budget40: number } {
  const arrivals = [
    { id: "chat", arrival: 0, promptLen: 4, maxTokens: 8 },
    { id: "p1", arrival: 1, promptLen: 100, maxTokens: 1 },
    { id: "p2", arrival: 1, promptLen: 100, maxTokens: 1 },
  ];
  const wide = simulate(arrivals, at(2048, 32)).maxStepTokens;
  assertEquals(wide, 65, "threshold 32 still allows a 65-token step");
  const narrow = simulate(arrivals, at(40, 32)).maxStepTokens;
  assertEquals(narrow, 40, "only a budget of 40 forces <= 40");
  return { threshold32Budget2048: wide, threshold32Budget40: narrow };
}

/**
 * Beside a 24-token decode stream, chunking costs zero extra steps; a lone
 * long prompt pays the full bill. Returns the four step counts.
 *
 * @example
 * ```ts
 * import { checkChunkingHidesBesideDecodes } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { simulate } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkChunkingHidesBesideDecodes(simulate);
 * ```
 */
export function checkChunkingHidesBesideDecodes(
  simulate: Lab["simulate"],
): Record<"besideOff" | "beside32" | "loneOff" | "lone32", number> {
  const lone = [DECODE_AND_LONG[1]];
  const steps = {
    besideOff: simulate(DECODE_AND_LONG, off(2048)).totalSteps,
    beside32: simulate(DECODE_AND_LONG, at(2048, 32)).totalSteps,
    loneOff: simulate(lone, off(2048)).totalSteps,
    lone32: simulate(lone, at(2048, 32)).totalSteps,
  };
  assertEquals(steps.besideOff, 24, "unchunked beside the decode stream");
  assertEquals(steps.beside32, 24, "chunked at 32 beside the decode stream: no extra step");
  assertEquals(
    steps.loneOff,
    2,
    "a lone long prompt unchunked: arrives at step 1, done in one step",
  );
  assertEquals(steps.lone32, 9, "a lone long prompt chunked at 32 pays all 8 steps");
  return steps;
}

/**
 * With `maxNumSeqs = 1` a later arrival waits for the seat, and its TTFT
 * counts the wait; an idle engine's TTFT is 1. Returns the three TTFTs.
 *
 * @example
 * ```ts
 * import { checkQueueingAndIdleTtft } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { simulate } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkQueueingAndIdleTtft(simulate);
 * ```
 */
export function checkQueueingAndIdleTtft(
  simulate: Lab["simulate"],
): { secondWithSeats: number; secondWithOneSeat: number; idle: number } {
  const arrivals = [
    { id: "first", arrival: 0, promptLen: 8, maxTokens: 10 },
    { id: "second", arrival: 0, promptLen: 8, maxTokens: 1 },
  ];
  const secondWithSeats = simulate(arrivals, { ...off(2048), maxNumSeqs: 256 }).ttftSteps.second;
  assertEquals(secondWithSeats, 1, "with seats free, no wait");
  const secondWithOneSeat = simulate(arrivals, { ...off(2048), maxNumSeqs: 1 }).ttftSteps.second;
  assertEquals(secondWithOneSeat, 11, "one seat: second waits for first's 10 steps");
  const idle = simulate([{ id: "a", arrival: 7, promptLen: 5, maxTokens: 3 }], off(16)).ttftSteps;
  assertEquals(idle, { a: 1 }, "an idle engine serves a short prompt in its arrival step");
  return { secondWithSeats, secondWithOneSeat, idle: idle.a };
}

/**
 * The search treats the SLO as a constraint: it refuses the fastest config
 * when that one breaks the SLO, and what it returns meets it. Returns both
 * choices.
 *
 * @example
 * ```ts
 * import { checkSearchRespectsSlo } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { gridSearch } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkSearchRespectsSlo(gridSearch);
 * ```
 */
export function checkSearchRespectsSlo(
  gridSearch: Lab["gridSearch"],
): { loose: GridSearchResult; slo64: GridSearchResult } {
  const lone = [{ id: "long", arrival: 0, promptLen: 256, maxTokens: 1 }];
  const grid = { budgets: [64, 2048], thresholds: [0, 32] };
  const loose = gridSearch(lone, { ...grid, maxStepTokensSlo: 4096 });
  assertEquals(loose.config, off(2048), "without a binding SLO the one-step config wins");
  const best = gridSearch(lone, { ...grid, maxStepTokensSlo: 64 });
  assertEquals(
    best.config,
    off(64),
    "the fastest config breaks the SLO, so the fastest legal one wins",
  );
  assertEquals([best.metrics.totalSteps, best.metrics.maxStepTokens], [4, 64]);
  return { loose, slo64: best };
}

/**
 * Ties go to the lower worst TTFT, then to the smaller budget.
 *
 * @example
 * ```ts
 * import { checkTieBreaks } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { gridSearch } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkTieBreaks(gridSearch);
 * ```
 */
export function checkTieBreaks(
  gridSearch: Lab["gridSearch"],
): { byTtft: SimulateConfig; byBudget: SimulateConfig } {
  // Both take 24 steps; threshold 0 gives "long" its first token 7 steps sooner.
  const byTtft = gridSearch(DECODE_AND_LONG, {
    budgets: [2048],
    thresholds: [32, 0],
    maxStepTokensSlo: 4096,
  });
  assertEquals(byTtft.config, off(2048), "equal steps: the lower worst TTFT wins");
  const short = [{ id: "a", arrival: 0, promptLen: 4, maxTokens: 2 }];
  const byBudget = gridSearch(short, { budgets: [64, 32], thresholds: [0], maxStepTokensSlo: 16 });
  assertEquals(byBudget.config, off(32), "equal steps and TTFT: the smaller budget wins");
  return { byTtft: byTtft.config, byBudget: byBudget.config };
}

/**
 * An impossible SLO throws `SloUnsatisfiableError` naming the SLO and the
 * least-bad spike; an invalid grid, `null` options, a NaN SLO or a BigInt are
 * refused with one line naming the field. Returns the SLO error's message.
 *
 * @example
 * ```ts
 * import { checkRefusals } from "stallfree/notebooks/03-tune-the-knobs/checks.ts";
 * import { gridSearch } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * checkRefusals(gridSearch);
 * ```
 */
export function checkRefusals(gridSearch: Lab["gridSearch"]): string {
  const arrivals = [
    { id: "chat", arrival: 0, promptLen: 4, maxTokens: 8 },
    { id: "p1", arrival: 1, promptLen: 100, maxTokens: 1 },
  ];
  const error = assertThrows(
    () => gridSearch(arrivals, { budgets: [64, 128], thresholds: [16, 32], maxStepTokensSlo: 10 }),
    SloUnsatisfiableError,
  );
  assert(
    error.message.includes("10") && error.message.includes("17"),
    `the message names the SLO (10) and the least-bad spike (17): ${error.message}`,
  );
  const grid = { budgets: [64], thresholds: [0], maxStepTokensSlo: 64 };
  assertThrows(() => gridSearch(arrivals, { ...grid, budgets: [] }), RangeError, "budgets");
  assertThrows(() => gridSearch(arrivals, { ...grid, budgets: [0, 64] }), RangeError, "budgets");
  assertThrows(() => gridSearch(arrivals, { ...grid, thresholds: [] }), RangeError, "thresholds");
  assertThrows(() => gridSearch(arrivals, { ...grid, thresholds: [-8] }), RangeError, "thresholds");
  const refusals: [string, unknown, string][] = [
    ["null options", null, "Expected options to be an object but found null"],
    ["a NaN SLO", { ...grid, maxStepTokensSlo: NaN }, "maxStepTokensSlo"],
    ["a BigInt budget", { ...grid, budgets: [64n] }, "budgets"],
  ];
  for (const [what, options, names] of refusals) {
    const refused = assertThrows(() => gridSearch(arrivals, options as GridSearchOptions));
    assert(
      refused instanceof TypeError || refused instanceof RangeError,
      `${what}: expected a TypeError or RangeError but found ${refused}`,
    );
    assert(
      refused.message.includes(names) && !refused.message.includes("\n"),
      `${what}: expected one line naming ${names} but found ${JSON.stringify(refused.message)}`,
    );
  }
  return error.message;
}

/** Every check of this chapter's exercises, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<Lab>[] = [
  {
    name: "simulate(): queueing counts in TTFT; an idle engine's TTFT is 1",
    exercise: "simulate",
    run: (lab) => checkQueueingAndIdleTtft(lab.simulate),
  },
  {
    name: "simulate(): the threshold caps each request, not the step",
    exercise: "simulate",
    run: (lab) => checkThresholdIsPerRequest(lab.simulate),
  },
  {
    name: "simulate(): chunks hide beside decodes; a lone prompt pays for each",
    exercise: "simulate",
    run: (lab) => checkChunkingHidesBesideDecodes(lab.simulate),
  },
  {
    name: "simulate(): more budget never means more steps",
    exercise: "simulate",
    run: (lab) => checkBudgetMonotonicity(lab.simulate).runs,
  },
  {
    name: "gridSearch(): the SLO is a constraint",
    exercise: "gridSearch",
    run: (lab) => checkSearchRespectsSlo(lab.gridSearch).slo64.config,
  },
  {
    name: "gridSearch(): ties go to the lower worst TTFT, then the smaller budget",
    exercise: "gridSearch",
    run: (lab) => checkTieBreaks(lab.gridSearch),
  },
  {
    name: "gridSearch(): an impossible SLO and bad input are refused in one line",
    exercise: "gridSearch",
    run: (lab) => checkRefusals(lab.gridSearch),
  },
];
