/**
 * The decode load a budget must carry: how many decodes the steps of a run
 * hold and over how much context, and the duration of a budget's full step
 * at that load (the recipe's step 2).
 *
 * @module
 */
import type { ScheduledChunk } from "../engine/step_record.ts";
import type { TimedStep } from "../time/run_timed.ts";
import { stepTimeMs, type StepTimeProfile } from "../time/step_time.ts";
import { selectPercentile } from "./probe_metrics.ts";

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
 * import { decodeLoad } from "stallfree/lib/tuning/decode_load.ts";
 * import { assertEquals } from "@std/assert";
 * const step = (scheduled: { id: string; numScheduledTokens: number; contextLen: number }[]) =>
 *   ({ startMs: 0, durationMs: 10, record: { step: 0, arrived: [], sampled: [], sampledTokenIds: [], finished: [], scheduled } });
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
 * import { fullStepMs } from "stallfree/lib/tuning/decode_load.ts";
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
  return stepTimeMs({ scheduled }, profile);
}
