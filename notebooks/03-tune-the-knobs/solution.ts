/**
 * Chapter 3's exercise, solved: simulate an arrival schedule, and search a
 * grid of budgets and thresholds under a step-size SLO.
 *
 * @module
 */
import { parseWorkload, runWorkload, SloUnsatisfiableError } from "stallfree";
import type {
  GridSearchOptions,
  GridSearchResult,
  SimulateConfig,
  SimulateResult,
} from "./types.ts";

/**
 * Runs `arrivals` (records as in a `deno task sim` workload file) to the end.
 *
 * @example
 * ```ts
 * import { simulate } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * import { assertEquals } from "@std/assert";
 * const result = simulate([{ id: "a", arrival: 3, promptLen: 4, maxTokens: 2 }],
 *   { maxNumBatchedTokens: 8, longPrefillTokenThreshold: 0 });
 * assertEquals(result, { ttftSteps: { a: 1 }, maxStepTokens: 4, totalSteps: 5 });
 * ```
 */
export function simulate(arrivals: unknown[], config: SimulateConfig): SimulateResult {
  const run = runWorkload(parseWorkload(arrivals), config);
  const ttftSteps: Record<string, number> = {};
  for (const [id, result] of Object.entries(run.requests)) ttftSteps[id] = result.ttftSteps!;
  return { ttftSteps, maxStepTokens: run.maxStepTokens, totalSteps: run.totalSteps };
}

function requireGrid(field: string, values: unknown, min: number): number[] {
  const ok = Array.isArray(values) && values.length > 0 &&
    values.every((v) => Number.isSafeInteger(v) && v >= min);
  if (!ok) {
    throw new RangeError(
      `Expected ${field} to be a non-empty array of integers >= ${min} but found ${
        JSON.stringify(values)
      }`,
    );
  }
  return values as number[];
}

const worstTtft = (m: SimulateResult) => Math.max(...Object.values(m.ttftSteps));

/**
 * Tries every (budget, threshold) pair. The SLO is a constraint: configs whose
 * largest step exceeds it are out. Among the rest, the fewest total steps
 * wins; ties go to the lower worst TTFT, then to the smaller budget, then to
 * the earlier threshold in `thresholds`. Throws `SloUnsatisfiableError` when
 * no config meets the SLO, and a `RangeError` for an invalid grid.
 *
 * @example
 * ```ts
 * import { gridSearch } from "stallfree/notebooks/03-tune-the-knobs/solution.ts";
 * import { assertEquals } from "@std/assert";
 * const arrivals = [{ id: "a", arrival: 0, promptLen: 100, maxTokens: 1 }];
 * const best = gridSearch(arrivals, { budgets: [64, 128], thresholds: [0, 32], maxStepTokensSlo: 64 });
 * assertEquals(best.config, { maxNumBatchedTokens: 64, longPrefillTokenThreshold: 0 });
 * ```
 */
export function gridSearch(arrivals: unknown[], options: GridSearchOptions): GridSearchResult {
  const budgets = requireGrid("budgets", options.budgets, 1);
  const thresholds = requireGrid("thresholds", options.thresholds, 0);
  const [slo] = requireGrid("maxStepTokensSlo", [options.maxStepTokensSlo], 1);
  const results = budgets.flatMap((maxNumBatchedTokens) =>
    thresholds.map((longPrefillTokenThreshold) => {
      const config = { maxNumBatchedTokens, longPrefillTokenThreshold };
      return { config, metrics: simulate(arrivals, config) };
    })
  );
  const legal = results.filter((r) => r.metrics.maxStepTokens <= slo);
  if (legal.length === 0) {
    const leastBad = results.reduce((a, b) =>
      b.metrics.maxStepTokens < a.metrics.maxStepTokens ? b : a
    );
    throw new SloUnsatisfiableError(slo, {
      ...leastBad.config,
      maxStepTokens: leastBad.metrics.maxStepTokens,
    });
  }
  return legal.reduce((best, r) => {
    const order = r.metrics.totalSteps - best.metrics.totalSteps ||
      worstTtft(r.metrics) - worstTtft(best.metrics) ||
      r.config.maxNumBatchedTokens - best.config.maxNumBatchedTokens;
    return order < 0 ? r : best;
  });
}
