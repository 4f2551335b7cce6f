/**
 * The timed run: the step engine under a clock in milliseconds. Arrivals are
 * in ms; before each step, requests with `arrivalMs <= t` join the waiting
 * queue; the step is scheduled exactly as in the untimed engine and lasts
 * `stepTimeMs(record, profile)`; a token sampled in the step is emitted at its
 * end. With nothing to run, the clock jumps to the next arrival.
 *
 * Wraps the engine (`new Engine`, `addRequest`, `step`); does not change a
 * scheduling rule, so the same requests in the same order give the same
 * schedule and the same tokens as an untimed run.
 *
 * @module
 */
import { type EngineConfig, resolveConfig } from "../engine/config.ts";
import { Engine } from "../engine/engine.ts";
import type { ScheduledChunk, StepRecord } from "../engine/step_record.ts";
import { requireKnownKeys } from "../validate.ts";
import { type ProfileName, stepTimeProfile } from "./profiles.ts";
import { stepTimeMs, type StepTimeProfile } from "./step_time.ts";
import { type TimedRequest, validateTimedWorkload } from "./timed_request.ts";

/** Options for {@linkcode runTimed}. */
export interface TimedOptions {
  /** The step-time model: a profile, or its name. */
  profile: StepTimeProfile | ProfileName;
  /** Keep every step's record with its start and duration. @default {false} */
  trace?: boolean;
}

/** One request's life on the clock. */
export interface RequestTimeline {
  /** The request's id. */
  id: string;
  /** When it arrived, in ms. */
  arrivalMs: number;
  /** Its prompt length, in tokens. */
  promptLen: number;
  /** Start of the first step that scheduled it, in ms. */
  firstScheduledMs: number;
  /** When each output token was emitted (its step's end), in ms. */
  tokenTimesMs: number[];
}

/** A step on the clock. */
export interface TimedStep {
  /** When the step started, in ms. */
  startMs: number;
  /** How long it took, in ms. */
  durationMs: number;
  /** What it scheduled. */
  record: StepRecord;
}

/** What a timed run produced. */
export interface TimedRun {
  /** Each request's timeline, in the workload's order. */
  requests: RequestTimeline[];
  /** Steps that ran. */
  numSteps: number;
  /** End of the last step, in ms. */
  endMs: number;
  /** Every step, when `trace` was set. */
  steps?: TimedStep[];
}

/**
 * Runs `workload` to completion under `config` on the clock of
 * `options.profile`. Everything is validated before the first step.
 *
 * @example Two requests, checkable by hand with a flat 10 ms step
 * ```ts
 * import { runTimed, stepTimeProfile } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const flat = {
 *   ...stepTimeProfile("llama2-7b-a100"),
 *   linear: { flatMs: 10, msPerToken: 0, kneeTokens: 0 },
 *   attention: { fixedMsPerLayer: 0, flopEfficiency: Infinity, bandwidthEfficiency: Infinity },
 *   cpu: { fixedMs: 0, msPerRequest: 0 },
 * };
 * const run = runTimed([
 *   { id: "a", arrivalMs: 0, prompt: [1, 2], maxTokens: 2 },
 *   { id: "b", arrivalMs: 15, prompt: [3], maxTokens: 1 },
 * ], {}, { profile: flat });
 * assertEquals(run.requests.map((r) => r.tokenTimesMs), [[10, 20], [30]]);
 * assertEquals(run.requests[1].firstScheduledMs, 20); // waits for a's second step to end
 * ```
 */
export function runTimed(
  workload: readonly TimedRequest[],
  config: Partial<EngineConfig>,
  options: TimedOptions,
): TimedRun {
  const { vocabSize } = resolveConfig(config);
  requireKnownKeys("options", options, ["profile", "trace"]);
  const profile = typeof options.profile === "string"
    ? stepTimeProfile(options.profile)
    : options.profile;
  const requests = validateTimedWorkload(workload, vocabSize);
  // Every request runs to completion: its token times fill exactly maxTokens places of one
  // buffer, at its own offset; each request's timeline is built once the run has ended.
  const slots = new Map<string, TimelineSlot>();
  let size = 0;
  for (const { id, arrivalMs, prompt, maxTokens } of requests) {
    slots.set(id, {
      id,
      arrivalMs,
      promptLen: prompt.length,
      firstScheduledMs: -1,
      offset: size,
      numTokens: 0,
    });
    size += maxTokens;
  }
  const tokenTimesMs = new Float64Array(size);
  const byArrival = requests.sort((a, b) => a.arrivalMs - b.arrivalMs);
  const engine = new Engine(config);
  const steps: TimedStep[] = [];
  let t = 0, next = 0, numSteps = 0;
  while (next < byArrival.length || engine.hasUnfinishedRequests) {
    if (!engine.hasUnfinishedRequests) t = Math.max(t, byArrival[next].arrivalMs);
    for (; next < byArrival.length && byArrival[next].arrivalMs <= t; next++) {
      const { id, prompt, maxTokens } = byArrival[next];
      engine.addRequest({ id, prompt, maxTokens });
    }
    const record = engine.step();
    const durationMs = stepTimeMs(record, profile);
    markFirstScheduled(record.scheduled, slots, t);
    if (options.trace) steps.push({ startMs: t, durationMs, record });
    t += durationMs;
    numSteps++;
    const sampled = record.sampled;
    for (let i = 0; i < sampled.length; i++) {
      const slot = slots.get(sampled[i])!;
      tokenTimesMs[slot.offset + slot.numTokens++] = t;
    }
  }
  return {
    requests: Array.from(slots.values(), (slot) => timeline(slot, tokenTimesMs)),
    numSteps,
    endMs: t,
    ...(options.trace ? { steps } : {}),
  };
}

/** A request's timeline as the run fills it: its token times sit in a shared buffer. */
interface TimelineSlot extends Omit<RequestTimeline, "tokenTimesMs"> {
  /** Where its token times start in the buffer. */
  offset: number;
  /** How many it has so far. */
  numTokens: number;
}

function timeline(slot: TimelineSlot, buffer: Float64Array): RequestTimeline {
  const { id, arrivalMs, promptLen, firstScheduledMs, offset, numTokens } = slot;
  const tokenTimesMs = new Array<number>(numTokens);
  for (let i = 0; i < numTokens; i++) tokenTimesMs[i] = buffer[offset + i];
  return { id, arrivalMs, promptLen, firstScheduledMs, tokenTimesMs };
}

/**
 * Sets `firstScheduledMs` of requests scheduled for the first time. They sit
 * together at one end of the schedule (admissions follow the running pass,
 * or precede it under a prefill-first policy), so each end is read only
 * until a request seen before: no lookup per chunk.
 */
function markFirstScheduled(
  chunks: readonly ScheduledChunk[],
  slots: Map<string, TimelineSlot>,
  t: number,
): void {
  let head = 0;
  for (; head < chunks.length; head++) {
    const slot = slots.get(chunks[head].id)!;
    if (slot.firstScheduledMs >= 0) break;
    slot.firstScheduledMs = t;
  }
  for (let i = chunks.length - 1; i > head; i--) {
    const slot = slots.get(chunks[i].id)!;
    if (slot.firstScheduledMs >= 0) break;
    slot.firstScheduledMs = t;
  }
}
