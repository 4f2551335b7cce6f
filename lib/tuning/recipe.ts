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
import type { ScheduledChunk } from "../engine/step_record.ts";
import { type ProfileName, stepTimeProfile } from "../time/profiles.ts";
import { runTimed, type TimedStep } from "../time/run_timed.ts";
import { stepTimeMs, type StepTimeProfile } from "../time/step_time.ts";
import { capacityOf } from "./capacity_of.ts";
import { selectPercentile } from "./probe_metrics.ts";
import { type CapacityWorkload, workloadAtRate } from "./workload_at_rate.ts";

/** How many decodes the steps of a run carry, and over how much context. */
export interface DecodeLoad {
  /** Median decodes per step. */
  medianDecodes: number;
  /** P90 decodes per step: the load the budget is sized for. */
  p90Decodes: number;
  /** Mean context length of a decode, in tokens. */
  meanContextLen: number;
}

/**
 * The decode load of a traced run's steps; a one-token chunk counts as a decode.
 *
 * @example
 * ```ts
 * import { decodeLoad } from "stallfree/lib/tuning/recipe.ts";
 * import { assertEquals } from "@std/assert";
 * const step = (scheduled: { id: string; numScheduledTokens: number; contextLen: number }[]) =>
 *   ({ startMs: 0, durationMs: 10, record: { step: 0, arrived: [], sampled: [], finished: [], scheduled } });
 * const load = decodeLoad([
 *   step([{ id: "a", numScheduledTokens: 1, contextLen: 100 }, { id: "b", numScheduledTokens: 50, contextLen: 50 }]),
 *   step([{ id: "a", numScheduledTokens: 1, contextLen: 101 }, { id: "b", numScheduledTokens: 1, contextLen: 51 }]),
 * ]);
 * assertEquals(load, { medianDecodes: 1, p90Decodes: 2, meanContextLen: 84 });
 * ```
 */
export function decodeLoad(steps: readonly TimedStep[]): DecodeLoad {
  const counts = new Float64Array(steps.length);
  let contexts = 0, decodes = 0;
  steps.forEach(({ record }, i) => {
    for (const chunk of record.scheduled) {
      if (chunk.numScheduledTokens !== 1) continue;
      counts[i]++;
      contexts += chunk.contextLen;
      decodes++;
    }
  });
  return {
    medianDecodes: selectPercentile(counts, 50),
    p90Decodes: selectPercentile(counts, 90),
    meanContextLen: decodes === 0 ? 0 : contexts / decodes,
  };
}

/**
 * The duration of a budget's full step under `profile`: `numDecodes` decodes
 * over `contextLen` tokens each, and one fresh prefill chunk taking the rest.
 *
 * @example
 * ```ts
 * import { fullStepMs } from "stallfree/lib/tuning/recipe.ts";
 * import { stepTimeProfile } from "stallfree";
 * import { assert } from "@std/assert";
 * const profile = stepTimeProfile("llama2-7b-a100");
 * const load = { numDecodes: 32, contextLen: 1000 };
 * assert(fullStepMs(profile, 512, load) < fullStepMs(profile, 2048, load));
 * ```
 */
export function fullStepMs(
  profile: StepTimeProfile,
  budget: number,
  load: { numDecodes: number; contextLen: number },
): number {
  const numDecodes = Math.min(Math.round(load.numDecodes), budget);
  const contextLen = Math.max(1, Math.round(load.contextLen));
  const scheduled: ScheduledChunk[] = Array.from({ length: numDecodes }, (_, i) => ({
    id: `d${i}`,
    numScheduledTokens: 1,
    contextLen,
  }));
  const prefill = budget - numDecodes;
  if (prefill > 0) scheduled.push({ id: "p", numScheduledTokens: prefill, contextLen: prefill });
  return stepTimeMs({ step: 0, arrived: [], sampled: [], finished: [], scheduled }, profile);
}

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
