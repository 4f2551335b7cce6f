/**
 * A request as the engine receives it, the checks it must pass, and the limits
 * that keep one request inside what the engine runs in seconds.
 *
 * @module
 */
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/**
 * Token ids as a tokenizer returns them: an array, or a typed array of
 * integers (tiktoken's JavaScript port returns a `Uint32Array`; the ids of a
 * vocabulary of up to 65,536, GPT-2's included, fit a `Uint16Array`).
 */
export type TokenIds = readonly number[] | Uint16Array | Uint32Array | Int32Array;

/** Where the engine keeps token ids: 16 bits each for a vocabulary of up to 65,536, else 32. */
export type TokenArray = Uint16Array | Int32Array;

/**
 * A zeroed array for `length` token ids of a `vocabSize`-id vocabulary, in
 * the fewest bits that hold them: 16 up to 65,536 ids (GPT-2's 50,257), else
 * 32. The engine keeps its tokens in these, so a prompt written into one is
 * copied as it is.
 *
 * @example
 * ```ts
 * import { tokenIdArray } from "stallfree/lib/engine/request.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(tokenIdArray(3, 50257), new Uint16Array(3));
 * assertEquals(tokenIdArray(3, 2 ** 16 + 1), new Int32Array(3));
 * ```
 */
export function tokenIdArray(length: number, vocabSize: number): TokenArray {
  return vocabSize <= 2 ** 16 ? new Uint16Array(length) : new Int32Array(length);
}

/** A generation request: a prompt, how many tokens to generate, when it arrives. */
export interface Request {
  /** Unique among the requests an engine sees. */
  id: string;
  /** Prompt token ids: non-empty, integers in `[0, vocabSize)`; the engine keeps a copy. */
  prompt: TokenIds;
  /** Output tokens to generate, at least 1. */
  maxTokens: number;
  /** The step at which it joins the waiting queue. @default {the engine's current step} */
  arrival?: number;
}

/**
 * The most tokens one request may hold, prompt and output together (2^24): a
 * request at the limit decodes for 16.7 M steps, about a second.
 */
export const MAX_REQUEST_TOKENS = 2 ** 24;

/** The latest arrival step (2^40), so every step index stays exact. */
export const MAX_ARRIVAL = 2 ** 40;

const KEYS = ["id", "prompt", "maxTokens", "arrival"];

/**
 * Throws a `RangeError` or `TypeError` naming the request and the field unless
 * `request` is well formed and within the limits. Fields are named
 * `maxTokens of request "r0"`, or `${at}.maxTokens` when `at` is given (such as
 * `workload[3]`). Arrival is checked for shape here; whether it is in the
 * engine's past is the engine's check.
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
 * assertThrows(
 *   () => validateRequest({ id: "r0", prompt: [1], maxTokens: 1e9 }, 50257, "workload[0]"),
 *   RangeError,
 *   "Expected workload[0].maxTokens to be an integer in [1, 16777216] but found 1000000000",
 * );
 * ```
 */
export function validateRequest(request: Request, vocabSize: number, at?: string): void {
  requireKnownKeys(at ?? "request", request, KEYS);
  if (typeof request.id !== "string" || request.id === "") {
    throw new TypeError(
      `Expected ${at ? `${at}.id` : "request id"} to be a non-empty string but found ${
        describeValue(request.id)
      }`,
    );
  }
  const name = (field: string) =>
    at ? `${at}.${field}` : `${field} of request ${describeValue(request.id)}`;
  const { prompt } = request;
  if (!isTokenIds(prompt) || prompt.length === 0) {
    const found = !isTokenIds(prompt)
      ? describeValue(prompt)
      : `an empty ${Array.isArray(prompt) ? "array" : prompt.constructor.name}`;
    // A file holds arrays only; a caller may also pass the typed arrays tokenizers return.
    const rule = at
      ? "a non-empty array"
      : "a non-empty array (or Uint16Array, Uint32Array, Int32Array)";
    throw new RangeError(`Expected ${name("prompt")} to be ${rule} but found ${found}`);
  }
  const integers = !Array.isArray(prompt); // a typed array holds integers: only the range is left
  for (let i = 0; i < prompt.length; i++) {
    const token = prompt[i];
    if (token >= vocabSize || token < 0 || (!integers && !Number.isInteger(token))) {
      const found = describeValue(token);
      throw new RangeError(
        `Expected ${name(`prompt[${i}]`)} to be an integer in [0, ${vocabSize}) but found ${found}`,
      );
    }
  }
  requireRequestSize(name, prompt.length, request.maxTokens);
  if (request.arrival !== undefined) {
    requireInteger(() => name("arrival"), request.arrival, 0, MAX_ARRIVAL);
  }
}

/**
 * Whether `value` is an array or a typed array a prompt may be (its ids are
 * checked apart).
 *
 * @example
 * ```ts
 * import { isTokenIds } from "stallfree/lib/engine/request.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals([[1], new Uint16Array(2), new Float64Array(2), "12"].map(isTokenIds), [true, true, false, false]);
 * ```
 */
export function isTokenIds(value: unknown): value is TokenIds {
  return Array.isArray(value) || value instanceof Uint16Array || value instanceof Uint32Array ||
    value instanceof Int32Array;
}

/**
 * Throws unless `maxTokens` is an integer in `[1, MAX_REQUEST_TOKENS]` and the
 * request's `promptLen + maxTokens` is at most `MAX_REQUEST_TOKENS`. `name`
 * turns a field into the name the message uses (called only to throw).
 *
 * @example
 * ```ts
 * import { requireRequestSize } from "stallfree/lib/engine/request.ts";
 * import { assertThrows } from "@std/assert";
 * requireRequestSize((field) => field, 16777215, 1);
 * assertThrows(
 *   () => requireRequestSize((field) => `workload[2].${field}`, 16777215, 2),
 *   RangeError,
 *   "Expected workload[2].promptLen + maxTokens to be at most 16777216 but found 16777217",
 * );
 * ```
 */
export function requireRequestSize(
  name: (field: string) => string,
  promptLen: number,
  maxTokens: unknown,
): void {
  requireInteger(() => name("maxTokens"), maxTokens, 1, MAX_REQUEST_TOKENS);
  const size = promptLen + (maxTokens as number);
  if (size > MAX_REQUEST_TOKENS) {
    throw new RangeError(
      `Expected ${
        name("promptLen + maxTokens")
      } to be at most ${MAX_REQUEST_TOKENS} but found ${size}`,
    );
  }
}
