/**
 * Metrics in steps, as pure functions over step records. The tokens a step
 * schedules stand in for its latency: a decoding user waits for the whole
 * step that produces their next token, everyone else's work included.
 *
 * @module
 */
import type { StepRecord } from "../engine/step_record.ts";

/**
 * Tokens one step scheduled, summed over requests: the step's cost.
 *
 * @example
 * ```ts
 * import { stepCost } from "stallfree/lib/analysis/metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const record = { step: 0, arrived: [], sampled: [], sampledTokenIds: [], finished: [], scheduled: [
 *   { id: "a", numScheduledTokens: 1, contextLen: 9 },
 *   { id: "b", numScheduledTokens: 256, contextLen: 256 },
 * ] };
 * assertEquals(stepCost(record), 257);
 * ```
 */
export function stepCost(record: StepRecord): number {
  let cost = 0;
  for (const chunk of record.scheduled) cost += chunk.numScheduledTokens;
  return cost;
}

/**
 * The cost of every step in which request `id` advanced, in step order: the
 * latency that request saw.
 *
 * @example
 * ```ts
 * import { Engine } from "stallfree/lib/engine/engine.ts";
 * import { victimCosts } from "stallfree/lib/analysis/metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine();
 * engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 2 });
 * engine.addRequest({ id: "b", prompt: [3, 4, 5, 6], maxTokens: 1 });
 * const records = [engine.step(), engine.step()];
 * assertEquals(victimCosts(records, "a"), [6, 1]);
 * ```
 */
export function victimCosts(records: readonly StepRecord[], id: string): number[] {
  return records.filter((record) => record.scheduled.some((chunk) => chunk.id === id))
    .map(stepCost);
}

/**
 * The largest step cost, 0 for no steps.
 *
 * @example
 * ```ts
 * import { Engine } from "stallfree/lib/engine/engine.ts";
 * import { maxStepTokens } from "stallfree/lib/analysis/metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine({ maxNumBatchedTokens: 4 });
 * engine.addRequest({ id: "a", prompt: [1, 2, 3, 4, 5, 6], maxTokens: 1 });
 * assertEquals(maxStepTokens([engine.step(), engine.step()]), 4);
 * ```
 */
export function maxStepTokens(records: readonly StepRecord[]): number {
  return records.reduce((max, record) => Math.max(max, stepCost(record)), 0);
}

/**
 * Index of the last step that did work, + 1 (the clock starts at 0).
 *
 * @example
 * ```ts
 * import { Engine } from "stallfree/lib/engine/engine.ts";
 * import { totalSteps } from "stallfree/lib/analysis/metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine();
 * engine.addRequest({ id: "a", prompt: [1], maxTokens: 3, arrival: 2 });
 * const records = Array.from({ length: 6 }, () => engine.step());
 * assertEquals(totalSteps(records), 5); // idle at 0 and 1, work at 2, 3, 4
 * ```
 */
export function totalSteps(records: readonly StepRecord[]): number {
  let last = -1;
  for (const record of records) if (record.scheduled.length > 0) last = record.step;
  return last + 1;
}

/**
 * Time to first token in steps for every request seen arriving in `records`:
 * `firstTokenStep - arrivalStep + 1`. Requests that have not sampled yet are
 * left out.
 *
 * @example
 * ```ts
 * import { Engine } from "stallfree/lib/engine/engine.ts";
 * import { ttftSteps } from "stallfree/lib/analysis/metrics.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine({ maxNumBatchedTokens: 4 });
 * engine.addRequest({ id: "a", prompt: [1, 2, 3, 4, 5, 6], maxTokens: 1 });
 * engine.addRequest({ id: "b", prompt: [7], maxTokens: 1 });
 * const records = [engine.step(), engine.step()];
 * assertEquals(ttftSteps(records), new Map([["a", 2], ["b", 2]]));
 * ```
 */
export function ttftSteps(records: readonly StepRecord[]): Map<string, number> {
  const arrivals = new Map<string, number>();
  const ttft = new Map<string, number>();
  for (const record of records) {
    for (const id of record.arrived) arrivals.set(id, record.step);
    for (const id of record.sampled) {
      const arrival = arrivals.get(id);
      if (arrival !== undefined && !ttft.has(id)) ttft.set(id, record.step - arrival + 1);
    }
  }
  return ttft;
}
