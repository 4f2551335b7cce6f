/**
 * The toy causal model: a 32-bit integer hash standing in for a transformer.
 *
 * The KV of position `k` is one integer, a pure function of the KV at `k - 1`,
 * the token at `k` and `k` itself; the next token is a pure function of the
 * last position's KV. So KV depends only on the tokens, never on which step or
 * chunk computed it: the first half of the proof that chunking changes when
 * tokens are computed, never which. Does not model floating point, attention
 * or logits.
 *
 * @module
 */

import type { TokenIds } from "./request.ts";

/** The KV "before position 0": the state every request starts from. */
export const INITIAL_KV = 0x2545f491;

/**
 * KV of position `position`, given the previous position's KV and the token there.
 *
 * @example
 * ```ts
 * import { INITIAL_KV, nextKv } from "stallfree/lib/engine/toy_model.ts";
 * import { assertEquals } from "@std/assert";
 * // Pure: the same inputs always give the same KV.
 * assertEquals(nextKv(INITIAL_KV, 7, 0), nextKv(INITIAL_KV, 7, 0));
 * ```
 */
export function nextKv(previousKv: number, token: number, position: number): number {
  let h = Math.imul(previousKv ^ token, 0x9e3779b1) ^ Math.imul(position + 1, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

/**
 * The token the model emits after a position whose KV is `kv`.
 *
 * @example
 * ```ts
 * import { INITIAL_KV, sampleToken } from "stallfree/lib/engine/toy_model.ts";
 * import { assert } from "@std/assert";
 * const token = sampleToken(INITIAL_KV, 50257);
 * assert(Number.isInteger(token) && token >= 0 && token < 50257);
 * ```
 */
export function sampleToken(kv: number, vocabSize: number): number {
  let h = Math.imul(kv ^ (kv >>> 16), 0x45d9f3b);
  h ^= h >>> 16;
  const u = h >>> 0;
  // u % vocabSize, in the form V8 compiles to a fast division: `%` on a value
  // above 2^31 becomes a slow floating-point remainder. Exact for u < 2^32: the
  // quotient's rounding error is far below 1 / vocabSize, its distance to the
  // next integer.
  return u - Math.floor(u / vocabSize) * vocabSize;
}

/**
 * Reference generation with no scheduler at all: feed the prompt one position
 * at a time, then sample `maxTokens` tokens, each fed back. Every schedule the
 * engine produces must give exactly these tokens.
 *
 * @example
 * ```ts
 * import { generate } from "stallfree/lib/engine/toy_model.ts";
 * import { assertEquals } from "@std/assert";
 * const output = generate([1, 2, 3], 4);
 * assertEquals(output.length, 4);
 * assertEquals(generate([1, 2, 3], 2), output.slice(0, 2)); // causal: a prefix of the longer run
 * ```
 */
export function generate(
  prompt: TokenIds,
  maxTokens: number,
  vocabSize = 50257,
): number[] {
  let kv = INITIAL_KV;
  const tokens = [...prompt];
  for (let position = 0; tokens.length < prompt.length + maxTokens; position++) {
    kv = nextKv(kv, tokens[position], position);
    if (position === tokens.length - 1) tokens.push(sampleToken(kv, vocabSize));
  }
  return tokens.slice(prompt.length);
}
