/**
 * A request of a timed workload, and the checks a timed workload passes
 * before anything runs.
 *
 * @module
 */
import { type TokenIds, validateRequest } from "../engine/request.ts";
import { describeValue, requireKnownKeys } from "../validate.ts";

/** A request of a timed workload: it arrives at a time in ms, not at a step. */
export interface TimedRequest {
  /** Unique within the workload. */
  id: string;
  /** When it joins the waiting queue, in ms from the start (finite, >= 0). */
  arrivalMs: number;
  /** Prompt token ids. */
  prompt: TokenIds;
  /** Output tokens to generate, at least 1. */
  maxTokens: number;
}

const REQUEST_KEYS = ["id", "arrivalMs", "prompt", "maxTokens"];

/**
 * Returns a copy of `workload` once every request in it is well formed: the
 * engine's checks (id, prompt in `[0, vocabSize)`, maxTokens), `arrivalMs` a
 * finite number >= 0, no unknown keys, unique ids. Refuses the first fault
 * with an error naming the entry and field.
 *
 * @example
 * ```ts
 * import { validateTimedWorkload } from "stallfree";
 * import { assertThrows } from "@std/assert";
 * validateTimedWorkload([{ id: "a", arrivalMs: 0, prompt: [1], maxTokens: 1 }], 50257);
 * assertThrows(
 *   () => validateTimedWorkload([{ id: "a", arrivalMs: -1, prompt: [1], maxTokens: 1 }], 50257),
 *   RangeError,
 *   "Expected workload[0].arrivalMs to be a finite number >= 0 but found -1",
 * );
 * ```
 */
export function validateTimedWorkload(
  workload: readonly TimedRequest[],
  vocabSize: number,
): TimedRequest[] {
  if (!Array.isArray(workload)) {
    throw new TypeError(`Expected workload to be an array but found ${describeValue(workload)}`);
  }
  const seen = new Set<string>();
  for (const [i, request] of workload.entries()) {
    requireKnownKeys(`workload[${i}]`, request, REQUEST_KEYS);
    const { id, arrivalMs, prompt, maxTokens } = request;
    validateRequest({ id, prompt, maxTokens }, vocabSize);
    if (typeof arrivalMs !== "number" || !Number.isFinite(arrivalMs) || arrivalMs < 0) {
      throw new RangeError(
        `Expected workload[${i}].arrivalMs to be a finite number >= 0 but found ${
          describeValue(arrivalMs)
        }`,
      );
    }
    if (seen.has(id)) {
      throw new RangeError(`Expected request ids to be unique but found "${id}" twice`);
    }
    seen.add(id);
  }
  return [...workload];
}
