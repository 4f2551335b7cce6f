/**
 * Chapter 1's checks, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { Engine, findOutputDivergence, poissonWorkload, type SamplingPredicate } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assertEquals, AssertionError } from "@std/assert";
import type * as Solution from "./solution.ts";

/** What the exercise must provide. */
export type NumPrefillSteps = (promptLen: number, threshold: number, budget: number) => number;

/** What the stretch exercise must provide. */
export type TwoPromptTtfts = typeof Solution.twoPromptTtfts;

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).numPrefillSteps, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<typeof Solution> {
  return loadLab<typeof Solution>("01-chunked-prefill", impl, console.log);
}

/**
 * The steps the engine itself takes to prefill a lone prompt: the step of its
 * first token, counted from its arrival.
 *
 * @example
 * ```ts
 * import { measuredPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(measuredPrefillSteps(100, 0, 30), 4);
 * ```
 */
export function measuredPrefillSteps(promptLen: number, threshold: number, budget: number): number {
  const engine = new Engine({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold });
  engine.addRequest({ id: "prompt", prompt: Array(promptLen).fill(1), maxTokens: 1 });
  while (engine.hasUnfinishedRequests) engine.step();
  return engine.result("prompt").ttftSteps!;
}

/**
 * Checks the boundaries of `numPrefillSteps`, then the formula against the
 * engine's measured step count over a grid. Throws an `AssertionError` naming
 * the case; returns the boundary cases it checked and the grid's size.
 *
 * @example
 * ```ts
 * import { checkNumPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { numPrefillSteps } from "stallfree/notebooks/01-chunked-prefill/solution.ts";
 * checkNumPrefillSteps(numPrefillSteps);
 * ```
 */
export function checkNumPrefillSteps(
  numPrefillSteps: NumPrefillSteps,
): { boundaries: PrefillCase[]; gridCombinations: number } {
  const cases: [string, Args, number][] = [
    ["off, fits the budget: 1 step", [1000, 0, 2048], 1],
    ["off: the budget chunks it", [4096, 0, 512], 8],
    ["threshold > budget: budget wins", [1100, 1000, 512], 3],
    ["exact division has no +1", [256, 32, 2048], 8],
    ["1 past exact: 1 more step", [257, 32, 2048], 9],
    ["1-token prompt: 1 step", [1, 32, 2048], 1],
    ["1-token prompt, budget 1: 1 step", [1, 0, 1], 1],
  ];
  const gridCombinations = checkFormula(
    "numPrefillSteps",
    numPrefillSteps,
    measuredPrefillSteps,
    cases,
    [
      [1, 7, 32, 33, 100, 256, 1000],
      [0, 1, 8, 32, 100, 600],
      [1, 16, 64, 512],
    ],
  );
  const boundaries = cases.map(([rule, [promptLen, threshold, budget], steps]) => ({
    promptLen,
    threshold,
    budget,
    steps,
    rule,
  }));
  return { boundaries, gridCombinations };
}

type Args = [number, number, number];

/**
 * Checks `formula` on cases worked by hand (`[rule, args, expected]`), then
 * against `measured` (the engine) on every combination of `grid`'s three
 * axes; returns how many combinations that was.
 */
function checkFormula<R>(
  name: string,
  formula: (...args: Args) => R,
  measured: (...args: Args) => R,
  cases: [string, Args, R][],
  grid: [number[], number[], number[]],
): number {
  for (const [rule, args, expected] of cases) {
    assertEquals(formula(...args), expected, `${name}(${args.join(", ")}): ${rule}`);
  }
  let combinations = 0;
  for (const a of grid[0]) {
    for (const b of grid[1]) {
      for (const c of grid[2]) {
        const args: Args = [a, b, c];
        assertEquals(
          formula(...args),
          measured(...args),
          `${name}(${args.join(", ")}) against the engine's measured steps`,
        );
        combinations++;
      }
    }
  }
  return combinations;
}

/** One boundary case of {@linkcode checkNumPrefillSteps}. */
export interface PrefillCase {
  /** The prompt's length. */
  promptLen: number;
  /** `longPrefillTokenThreshold`. */
  threshold: number;
  /** `maxNumBatchedTokens`. */
  budget: number;
  /** The steps the formula must give. */
  steps: number;
  /** Why. */
  rule: string;
}

/**
 * The first-token steps the engine gives two prompts that arrive together at
 * an idle engine, threshold off, each asking for one output token.
 *
 * @example
 * ```ts
 * import { measuredTwoPromptTtfts } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(measuredTwoPromptTtfts(1000, 1000, 512), [2, 4]);
 * ```
 */
export function measuredTwoPromptTtfts(
  firstLen: number,
  secondLen: number,
  budget: number,
): [number, number] {
  const engine = new Engine({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: 0 });
  engine.addRequest({ id: "first", prompt: Array(firstLen).fill(1), maxTokens: 1 });
  engine.addRequest({ id: "second", prompt: Array(secondLen).fill(2), maxTokens: 1 });
  while (engine.hasUnfinishedRequests) engine.step();
  return [engine.result("first").ttftSteps!, engine.result("second").ttftSteps!];
}

/**
 * The stretch exercise: `twoPromptTtfts` against cases worked by hand, then
 * against the engine over a grid. Returns the number of combinations checked.
 *
 * @example
 * ```ts
 * import { checkTwoPromptTtfts } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { twoPromptTtfts } from "stallfree/notebooks/01-chunked-prefill/solution.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkTwoPromptTtfts(twoPromptTtfts).gridCombinations, 80);
 * ```
 */
export function checkTwoPromptTtfts(twoPromptTtfts: TwoPromptTtfts): { gridCombinations: number } {
  const cases: [string, Args, [number, number]][] = [
    ["two 1000-token prompts at budget 512 share steps 1 and 2", [1000, 1000, 512], [2, 4]],
    ["two prompts that fit one step together", [100, 100, 512], [1, 1]],
    ["the first fills the budget exactly: the second waits one step", [512, 1, 512], [1, 2]],
    ["the second starts in the budget the first leaves", [500, 20, 512], [1, 2]],
  ];
  const gridCombinations = checkFormula(
    "twoPromptTtfts",
    twoPromptTtfts,
    measuredTwoPromptTtfts,
    cases,
    [
      [1, 30, 64, 100, 1000],
      [1, 34, 64, 500],
      [1, 16, 64, 512],
    ],
  );
  return { gridCombinations };
}

/** The seeded workloads of the invariance sweep (each also takes its seed). */
export const INVARIANCE_WORKLOAD: Pick<InvarianceSweep, "numRequests" | "promptLen" | "maxTokens"> =
  {
    numRequests: 6,
    promptLen: [1, 300],
    maxTokens: [1, 24],
  };

/** Thresholds and budgets the invariance sweep runs every workload under. */
export const INVARIANCE_CONFIGS: {
  longPrefillTokenThreshold: number;
  maxNumBatchedTokens: number;
}[] = [0, 1, 4, 16, 64].flatMap((threshold) =>
  [8, 64, 512].map((budget) => ({
    longPrefillTokenThreshold: threshold,
    maxNumBatchedTokens: budget,
  }))
);

/**
 * Runs `numWorkloads` seeded random workloads under every config in
 * {@linkcode INVARIANCE_CONFIGS} with the given sampling predicate, and throws
 * an `AssertionError` naming the first output that differs from the unchunked
 * run. Returns the sweep's settings and how many runs and request outputs it
 * compared.
 *
 * @example
 * ```ts
 * import { checkOutputInvariance } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(checkOutputInvariance(undefined, 2).runs, 30);
 * ```
 */
export function checkOutputInvariance(
  isReadyToSample?: SamplingPredicate,
  numWorkloads = 20,
): InvarianceSweep {
  let runs = 0, outputs = 0;
  for (let seed = 0; seed < numWorkloads; seed++) {
    const workload = poissonWorkload({ ...INVARIANCE_WORKLOAD, seed });
    for (const config of INVARIANCE_CONFIGS) {
      const divergence = findOutputDivergence(workload, { ...config, isReadyToSample });
      if (divergence) {
        const { id, position, unchunked, found } = divergence;
        throw new AssertionError(
          `Expected identical outputs, but request "${id}" of workload seed ${seed} differs at output position ${position} under threshold ${config.longPrefillTokenThreshold}, budget ${config.maxNumBatchedTokens}: unchunked ${
            unchunked[position]
          }, found ${found[position]}`,
        );
      }
      runs++;
      outputs += workload.length;
    }
  }
  const thresholds = [...new Set(INVARIANCE_CONFIGS.map((c) => c.longPrefillTokenThreshold))];
  const budgets = [...new Set(INVARIANCE_CONFIGS.map((c) => c.maxNumBatchedTokens))];
  return { workloads: numWorkloads, ...INVARIANCE_WORKLOAD, thresholds, budgets, runs, outputs };
}

/** What {@linkcode checkOutputInvariance} ran and compared. */
export interface InvarianceSweep {
  /** Seeded workloads (seeds 0 up). */
  workloads: number;
  /** Requests per workload. */
  numRequests: number;
  /** Prompt lengths, uniform in this range. */
  promptLen: [number, number];
  /** Output lengths, uniform in this range. */
  maxTokens: [number, number];
  /** Thresholds tried. */
  thresholds: number[];
  /** Budgets tried with each threshold. */
  budgets: number[];
  /** Runs compared with the unchunked one. */
  runs: number;
  /** Request outputs compared. */
  outputs: number;
}

/** Every check of this chapter's exercises, as `deno test` and `deno task grade` run them. */
export const CHECKS: Check<typeof Solution>[] = [
  {
    name: "numPrefillSteps() holds at the boundaries and matches the engine",
    exercise: "numPrefillSteps",
    run: (lab) => checkNumPrefillSteps(lab.numPrefillSteps).gridCombinations,
  },
  {
    name: "twoPromptTtfts() (stretch) matches the engine for two prompts sharing the budget",
    exercise: "twoPromptTtfts",
    run: (lab) => checkTwoPromptTtfts(lab.twoPromptTtfts).gridCombinations,
  },
];
