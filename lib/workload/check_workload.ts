/**
 * Checking a workload against its file format and the limits, before any
 * prompt is generated: what `parseWorkload` and `runWorkload` do first.
 *
 * @module
 */
import { MAX_VOCAB_SIZE } from "../engine/config.ts";
import {
  isTokenIds,
  MAX_ARRIVAL,
  MAX_REQUEST_TOKENS,
  type Request,
  requireRequestSize,
  validateRequest,
} from "../engine/request.ts";
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/**
 * The most tokens a whole workload may hold, `promptLen + maxTokens` summed
 * over its requests (2^28): at most as many request-steps, which the engine
 * runs in well under a minute, in under 4 GB.
 */
export const MAX_WORKLOAD_TOKENS = 2 ** 28;

const FIELDS = ["id", "arrival", "prompt", "promptLen", "maxTokens"];

/** A workload file's entry, checked: a request whose prompt may still be only its length. */
export interface WorkloadEntry extends Omit<Request, "prompt"> {
  /** The step it arrives at. */
  arrival: number;
  /** The prompt, when the file gives one. */
  prompt?: readonly number[];
  /** The prompt's length; without `prompt`, the prompt is generated from the id. */
  promptLen: number;
}

/**
 * Checks parsed workload JSON against the format and the limits, without
 * generating any prompt, so that a caller can build each request only when it
 * needs it (`toRequest`). Throws as `parseWorkload` does.
 *
 * @example
 * ```ts
 * import { checkWorkload } from "stallfree/lib/workload/check_workload.ts";
 * import { assertEquals } from "@std/assert";
 * const [entry] = checkWorkload([{ id: "r0", arrival: 2, promptLen: 16777215, maxTokens: 1 }]);
 * assertEquals([entry.promptLen, entry.prompt], [16777215, undefined]); // nothing generated yet
 * ```
 */
export function checkWorkload(data: unknown, vocabSize = 50257): WorkloadEntry[] {
  requireInteger("vocabSize", vocabSize, 2, MAX_VOCAB_SIZE);
  if (!Array.isArray(data)) {
    throw new TypeError(`Expected workload to be an array but found ${describeValue(data)}`);
  }
  const seen = new Map<string, number>();
  let total = 0;
  return data.map((entry, i) => {
    const at = () => `workload[${i}]`; // built only for a message
    const fields = requireKnownKeys(at, entry, FIELDS);
    const { id, prompt, promptLen, maxTokens } = fields;
    if (typeof id !== "string" || id === "") {
      throw new TypeError(
        `Expected ${at()}.id to be a non-empty string but found ${describeValue(id)}`,
      );
    }
    if (seen.has(id)) {
      const found = `${describeValue(id)} (also workload[${seen.get(id)}].id)`;
      throw new RangeError(`Expected ${at()}.id to be unique but found ${found}`);
    }
    seen.set(id, i);
    const arrival = requireInteger(() => `${at()}.arrival`, fields.arrival, 0, MAX_ARRIVAL);
    if ((prompt === undefined) === (promptLen === undefined)) {
      const found = prompt === undefined ? "neither" : "both";
      throw new TypeError(
        `Expected ${at()} to have exactly one of prompt and promptLen but found ${found}`,
      );
    }
    if (prompt !== undefined) {
      validateRequest(
        { id, prompt: prompt as number[], maxTokens: maxTokens as number },
        vocabSize,
        at(),
      );
    } else {
      requireInteger(() => `${at()}.promptLen`, promptLen, 1, MAX_REQUEST_TOKENS);
      requireRequestSize((field) => `${at()}.${field}`, promptLen as number, maxTokens);
    }
    const checked = {
      id,
      arrival,
      maxTokens: maxTokens as number,
      promptLen: (promptLen ?? (prompt as number[]).length) as number,
    };
    total = addWorkloadTokens(total, checked.promptLen + checked.maxTokens, i);
    return prompt === undefined ? checked : { ...checked, prompt: prompt as number[] };
  });
}

/**
 * Throws unless `workload` is an array of objects whose tokens (prompt length
 * plus `maxTokens`, summed) stay within `MAX_WORKLOAD_TOKENS`: the check
 * `runWorkload` makes before building anything. Each request's own fields are
 * the engine's to check.
 *
 * @example
 * ```ts
 * import { requireWorkloadSize } from "stallfree/lib/workload/check_workload.ts";
 * import { assertThrows } from "@std/assert";
 * requireWorkloadSize([{ id: "a", prompt: [1], maxTokens: 1 }]);
 * assertThrows(() => requireWorkloadSize([null!]), TypeError,
 *   "Expected workload[0] to be an object but found null");
 * ```
 */
export function requireWorkloadSize(workload: readonly Request[]): void {
  if (!Array.isArray(workload)) {
    throw new TypeError(`Expected workload to be an array but found ${describeValue(workload)}`);
  }
  let total = 0;
  for (let i = 0; i < workload.length; i++) {
    const request = workload[i];
    if (typeof request !== "object" || request === null || Array.isArray(request)) {
      const found = describeValue(request);
      throw new TypeError(`Expected workload[${i}] to be an object but found ${found}`);
    }
    const promptLen = isTokenIds(request.prompt) ? request.prompt.length : 0;
    const maxTokens = Number.isSafeInteger(request.maxTokens) ? request.maxTokens : 0;
    total = addWorkloadTokens(total, Math.min(promptLen + maxTokens, MAX_REQUEST_TOKENS), i);
  }
}

function addWorkloadTokens(total: number, tokens: number, i: number): number {
  if (total + tokens > MAX_WORKLOAD_TOKENS) {
    throw new RangeError(
      `Expected the workload's tokens (promptLen + maxTokens over its requests) to be at most ${MAX_WORKLOAD_TOKENS} but found ${
        total + tokens
      } by workload[${i}]`,
    );
  }
  return total + tokens;
}
