/**
 * The shapes chapter 3's exercise works with, shared by `starter.ts` and
 * `solution.ts`.
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
