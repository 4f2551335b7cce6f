/**
 * Chapter 3's exercise: simulate an arrival schedule, and search a grid of
 * budgets and thresholds under a step-size SLO. Replace each `throw` with your
 * code, then run the notebook (or `LAB_IMPL=starter deno task test`).
 *
 * @module
 */

/** The knobs one simulation runs with (vLLM's names). */
export interface SimulateConfig {
  /** The token budget per step. */
  maxNumBatchedTokens: number;
  /** The per-request chunk cap; 0 is off. */
  longPrefillTokenThreshold: number;
  /** The most requests running at once. @default {256} */
  maxNumSeqs?: number;
}

/** What a simulation reports. */
export interface SimulateResult {
  /** Each request's time to first token in steps, from its arrival. */
  ttftSteps: Record<string, number>;
  /** The largest step: the spike proxy. */
  maxStepTokens: number;
  /** Steps until the last one that did work: inverse throughput. */
  totalSteps: number;
}

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

/** The grid and the SLO {@linkcode gridSearch} searches under. */
export interface GridSearchOptions {
  /** Budgets to try: integers >= 1. */
  budgets: number[];
  /** Thresholds to try: integers >= 0 (0 is off). */
  thresholds: number[];
  /** The hard limit on the largest step, in tokens. */
  maxStepTokensSlo: number;
}

/** The winning config and its metrics. */
export interface GridSearchResult {
  /** The chosen knobs. */
  config: SimulateConfig;
  /** Its simulation. */
  metrics: SimulateResult;
}

/**
 * Tries every (budget, threshold) pair. Configs whose largest step exceeds
 * the SLO are out. Among the rest the fewest total steps wins; ties go to the
 * lower worst TTFT, then to the smaller budget. Throw `SloUnsatisfiableError`
 * (from "stallfree") when no config meets the SLO, and a `RangeError` naming
 * the field for an empty grid or a budget < 1 or threshold < 0.
 */
export function gridSearch(arrivals: unknown[], options: GridSearchOptions): GridSearchResult {
  throw new Error(
    `Not implemented yet: write gridSearch(arrivals, { budgets, thresholds, maxStepTokensSlo }) in notebooks/03-tune-the-knobs/starter.ts (called with ${arrivals.length} arrivals and ${
      JSON.stringify(options)
    })`,
  );
}
