/**
 * A request as the engine receives it, and the checks it must pass.
 *
 * @module
 */
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/** A generation request: a prompt, how many tokens to generate, when it arrives. */
export interface Request {
  /** Unique among the requests an engine sees. */
  id: string;
  /** Prompt token ids: non-empty, integers in `[0, vocabSize)`. */
  prompt: readonly number[];
  /** Output tokens to generate, at least 1. */
  maxTokens: number;
  /** The step at which it joins the waiting queue. @default {the engine's current step} */
  arrival?: number;
}

const KEYS = ["id", "prompt", "maxTokens", "arrival"];

/**
 * Throws a `RangeError` or `TypeError` naming the request and the field unless
 * `request` is well formed. Arrival is checked for shape here; whether it is in
 * the engine's past is the engine's check.
 *
 * @example
 * ```ts
 * import { validateRequest } from "stallfree/lib/engine/request.ts";
 * import { assertThrows } from "@std/assert";
 * validateRequest({ id: "r0", prompt: [1, 2], maxTokens: 1 }, 50257);
 * assertThrows(
 *   () => validateRequest({ id: "r0", prompt: [1, 99999], maxTokens: 1 }, 50257),
 *   RangeError,
 *   'Expected prompt[1] of request "r0" to be an integer in [0, 50257) but found 99999',
 * );
 * ```
 */
export function validateRequest(request: Request, vocabSize: number): void {
  requireKnownKeys("request", request, KEYS);
  if (typeof request.id !== "string" || request.id === "") {
    throw new TypeError(
      `Expected request id to be a non-empty string but found ${describeValue(request.id)}`,
    );
  }
  const of = `of request ${JSON.stringify(request.id)}`;
  const { prompt } = request;
  if (!Array.isArray(prompt) || prompt.length === 0) {
    const found = Array.isArray(prompt) ? "an empty array" : describeValue(prompt);
    throw new RangeError(`Expected prompt ${of} to be a non-empty array but found ${found}`);
  }
  for (let i = 0; i < prompt.length; i++) {
    const token = prompt[i];
    if (!Number.isInteger(token) || token < 0 || token >= vocabSize) {
      throw new RangeError(
        `Expected prompt[${i}] ${of} to be an integer in [0, ${vocabSize}) but found ${
          describeValue(token)
        }`,
      );
    }
  }
  requireInteger(`maxTokens ${of}`, request.maxTokens, 1);
  if (request.arrival !== undefined) requireInteger(`arrival ${of}`, request.arrival, 0);
}
