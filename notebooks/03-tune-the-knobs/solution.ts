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
  requireObject("config", config);
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== "number") {
      throw new TypeError(`Expected config.${key} to be a number but found ${show(value)}`);
    }
  }
  const run = runWorkload(parseWorkload(arrivals), config);
  const ttftSteps: Record<string, number> = {};
  for (const [id, result] of Object.entries(run.requests)) ttftSteps[id] = result.ttftSteps!;
  return { ttftSteps, maxStepTokens: run.maxStepTokens, totalSteps: run.totalSteps };
}

/** A found value as a reader would type it: `NaN`, `64n`, `[0, -8]`, `"x"`, `null`. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object" && value !== null) return "an object";
  return String(value);
}

function requireObject(field: string, value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected ${field} to be an object but found ${show(value)}`);
  }
}

function requireGrid(field: string, values: unknown, min: number): number[] {
  const ok = Array.isArray(values) && values.length > 0 &&
    values.every((v) => Number.isSafeInteger(v) && v >= min);
  if (!ok) {
    const rule = `a non-empty array of integers >= ${min}`;
    throw new RangeError(`Expected ${field} to be ${rule} but found ${show(values)}`);
  }
  return values as number[];
}

function requireSlo(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new RangeError(
      `Expected maxStepTokensSlo to be an integer >= 1 but found ${show(value)}`,
    );
  }
  return value as number;
}

const worstTtft = (m: SimulateResult) => Math.max(...Object.values(m.ttftSteps));

/**
 * Tries every (budget, threshold) pair. The SLO is a constraint: configs whose
 * largest step exceeds it are out. Among the rest, the fewest total steps
 * wins; ties go to the lower worst TTFT, then to the smaller budget, then to
 * the earlier threshold in `thresholds`. Throws `SloUnsatisfiableError` when
 * no config meets the SLO, and a one-line `TypeError` or `RangeError` naming
 * the field for invalid options.
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
  requireObject("options", options);
  const budgets = requireGrid("budgets", options.budgets, 1);
  const thresholds = requireGrid("thresholds", options.thresholds, 0);
  const slo = requireSlo(options.maxStepTokensSlo);
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
