/**
 * Chapter 3's exercise: simulate an arrival schedule, and search a grid of
 * budgets and thresholds under a step-size SLO. Replace each `throw` with your
 * code, then run the notebook (or `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type {
  GridSearchOptions,
  GridSearchResult,
  SimulateConfig,
  SimulateResult,
} from "./types.ts";

/**
 * Runs `arrivals` (records as in a `deno task sim` workload file:
 * `{ id, arrival, prompt | promptLen, maxTokens }`) to the end and reports
 * per-request TTFT in steps, the largest step and the total steps.
 * `parseWorkload` and `runWorkload` from "stallfree" help.
 */
export function simulate(arrivals: unknown[], config: SimulateConfig): SimulateResult {
  throw new Error(
    `Not implemented yet: write simulate(arrivals, config) in notebooks/03-tune-the-knobs/starter.ts (called with ${arrivals.length} arrivals and ${
      JSON.stringify(config)
    })`,
  );
}

/**
 * Tries every (budget, threshold) pair. Configs whose largest step exceeds
 * the SLO are out. Among the rest the fewest total steps wins; ties go to the
 * lower worst TTFT, then to the smaller budget. Throw `SloUnsatisfiableError`
 * (from "stallfree") when no config meets the SLO. Refuse bad options with one
 * line naming the field and the value: a `TypeError` when `options` is not an
 * object, a `RangeError` for an empty grid, a budget < 1, a threshold < 0, or
 * an SLO that is not an integer >= 1 (NaN, `64n`).
 */
export function gridSearch(arrivals: unknown[], options: GridSearchOptions): GridSearchResult {
  throw new Error(
    `Not implemented yet: write gridSearch(arrivals, { budgets, thresholds, maxStepTokensSlo }) in notebooks/03-tune-the-knobs/starter.ts (called with ${arrivals.length} arrivals and ${
      JSON.stringify(options)
    })`,
  );
}
