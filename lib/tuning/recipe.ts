/**
 * A tuning recipe a deployment can follow, step by step, each step a number
 * it can check:
 *
 * 1. the decode load at the expected rate: how many decodes a step carries,
 *    and over how much context (measured on a run with vLLM's A100 default
 *    budget, 2048);
 * 2. the budget: the largest whose full step (that many decodes, the rest of
 *    the budget one fresh prefill chunk) fits the TBT SLO;
 * 3. the threshold: the one giving the short prompts (the shorter half) the
 *    lowest P99 TTFT at the expected rate, the higher on a tie;
 * 4. the capacity of the result (its knee is where a sweep shows it).
 *
 * It runs a handful of timed runs and one capacity search, where `tune` runs a
 * search per config of a grid.
 *
 * @module
 */
import { type ProfileName, stepTimeProfile } from "../time/profiles.ts";
import { runTimed } from "../time/run_timed.ts";
import type { StepTimeProfile } from "../time/step_time.ts";
import { capacityOf } from "./capacity_of.ts";
import { type DecodeLoad, decodeLoad, fullStepMs } from "./decode_load.ts";
import { selectPercentile } from "./probe_metrics.ts";
import { type CapacityWorkload, workloadAtRate } from "./workload_at_rate.ts";

/** What {@linkcode recipe} found at each step. */
export interface RecipeResult {
  /** Step 1: the decode load at the expected rate. */
  load: DecodeLoad;
  /** Step 2: each budget's full step at that load, in ms. */
  budgets: { budget: number; stepMs: number; isWithinSlo: boolean }[];
  /** The largest budget within the SLO. */
  budget: number;
  /** Step 3: each threshold's short-prompt TTFT percentiles at the expected rate, in ms. */
  thresholds: { threshold: number; shortP50TtftMs: number; shortP99TtftMs: number }[];
  /** The threshold chosen. */
  threshold: number;
  /** Step 4: the capacity of the budget and threshold chosen, in requests per second. */
  capacityQps: number;
}

/** Options for {@linkcode recipe}. */
export interface RecipeOptions {
  /** The P99 TBT SLO, in ms. */
  sloTbtMs: number;
  /** The rate the deployment expects, in requests per second. */
  expectedQps: number;
  /** Budgets considered. @default {[256, 512, 1024, 2048, 4096, 8192]} */
  budgets?: readonly number[];
  /** Thresholds considered, as fractions of the budget (0 is off). @default {[0, 1/8, 1/4, 1/2]} */
  thresholdFractions?: readonly number[];
  /** Requests per run. @default {2048} */
  numRequests?: number;
}

/**
 * Runs the recipe for `workload` on `profile`. Throws a `RangeError` when no
 * budget's full step fits the SLO.
 *
 * @example
 * ```ts
 * import { recipe } from "stallfree/lib/tuning/recipe.ts";
 * import { assertEquals } from "@std/assert";
 * const result = recipe({ lengths: "chat" }, "llama2-7b-a100", { sloTbtMs: 100, expectedQps: 2, numRequests: 128 });
 * assertEquals(result.budgets.find((b) => b.budget === result.budget)!.isWithinSlo, true);
 * ```
 */
export function recipe(
  workload: CapacityWorkload,
  profile: StepTimeProfile | ProfileName,
  options: RecipeOptions,
): RecipeResult {
  const { sloTbtMs, expectedQps, numRequests = 2048 } = options;
  const { budgets = [256, 512, 1024, 2048, 4096, 8192] } = options;
  const { thresholdFractions = [0, 1 / 8, 1 / 4, 1 / 2] } = options;
  const model = typeof profile === "string" ? stepTimeProfile(profile) : profile;
  const offered = workloadAtRate(workload, { numRequests, seed: 0 });
  const requests = offered(expectedQps);
  const run = (config: { maxNumBatchedTokens: number; longPrefillTokenThreshold: number }) =>
    runTimed(requests, config, { profile: model, trace: true });
  const load = decodeLoad(run({ maxNumBatchedTokens: 2048, longPrefillTokenThreshold: 0 }).steps!);
  const at = { numDecodes: load.p90Decodes, contextLen: load.meanContextLen };
  const rows = budgets.map((budget) => {
    const stepMs = fullStepMs(model, budget, at);
    return { budget, stepMs, isWithinSlo: stepMs <= sloTbtMs };
  });
  const fitting = rows.filter((row) => row.isWithinSlo);
  if (fitting.length === 0) {
    throw new RangeError(
      `Expected some budget's full step to fit the SLO of ${sloTbtMs} ms but the smallest, ${
        rows[0].budget
      }, takes ${rows[0].stepMs.toFixed(1)} ms`,
    );
  }
  const budget = fitting.at(-1)!.budget;
  const lengths = Float64Array.from(requests, (r) => r.prompt.length);
  const short = selectPercentile(lengths, 50);
  const thresholds = [...new Set(thresholdFractions.map((f) => Math.round(f * budget)))]
    .map((threshold) => {
      const timed = run({ maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold });
      const ttfts = Float64Array.from(
        timed.requests.filter((r) => r.promptLen <= short),
        (r) => r.tokenTimesMs[0] - r.arrivalMs,
      );
      const p50 = selectPercentile(ttfts, 50), p99 = selectPercentile(ttfts, 99);
      return { threshold, shortP50TtftMs: p50, shortP99TtftMs: p99 };
    });
  const threshold = thresholds.reduce((best, row) =>
    row.shortP99TtftMs < best.shortP99TtftMs ||
      (row.shortP99TtftMs === best.shortP99TtftMs && row.threshold > best.threshold)
      ? row
      : best
  ).threshold;
  const config = { maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold };
  const { capacityQps } = capacityOf(offered, config, { profile: model, sloTbtMs });
  return { load, budgets: rows, budget, thresholds, threshold, capacityQps };
}
