/**
 * What the engine keeps per request: the token ids, two counters and the KV of
 * the last computed position. One integer of KV is enough: the toy model's next
 * position needs only the previous one, so a request never stores every
 * position's KV.
 *
 * @module
 */
import { type Request, type TokenArray, tokenIdArray } from "./request.ts";
import { INITIAL_KV, nextKv, sampleToken } from "./toy_model.ts";

/** What a request produced, read off the engine. Steps are `null` until they happen. */
export interface RequestResult {
  /** The request's id. */
  id: string;
  /** The step it arrived at. */
  arrival: number;
  /** The step in which it sampled its first token. */
  firstTokenStep: number | null;
  /** `firstTokenStep - arrival + 1`: waiting, scheduling and prefill all count. */
  ttftSteps: number | null;
  /** The step in which it sampled its last token. */
  finishStep: number | null;
  /** Output token ids so far. */
  output: number[];
  /** Times it was preempted and recomputed (only with `numKvBlocks` set). */
  numPreemptions?: number;
  /** Prompt positions its first admission found in the prefix cache (only with `numKvBlocks` set). */
  numCachedTokens?: number;
}

/**
 * Token storage shared by an engine's requests: large typed arrays handed out
 * in pieces, so adding a request allocates no buffer of its own. Token ids
 * take 16 bits when the vocabulary has at most 65,536 of them (GPT-2's has
 * 50,257), else 32: half the memory to fill and read in the common case.
 * Slabs grow from 4 Ki to 256 Ki tokens; a longer request gets a slab of its
 * own size.
 *
 * @example
 * ```ts
 * import { TokenSlabs } from "stallfree/lib/engine/request_state.ts";
 * import { assertEquals } from "@std/assert";
 * const slabs = new TokenSlabs(50257);
 * const [a, b] = [slabs.reserve(10), slabs.reserve(20)];
 * assertEquals([a.slab === b.slab, a.offset, b.offset], [true, 0, 10]);
 * assertEquals(a.slab instanceof Uint16Array, true);
 * assertEquals(new TokenSlabs(2 ** 17).reserve(1).slab instanceof Int32Array, true);
 * ```
 */
export class TokenSlabs {
  #slab: TokenArray;
  #used = 0;
  readonly #vocabSize: number;

  /** Slabs for token ids in `[0, vocabSize)`. */
  constructor(vocabSize: number) {
    this.#vocabSize = vocabSize;
    this.#slab = tokenIdArray(0, vocabSize);
  }

  /** Reserves `length` tokens; returns the slab and where the piece starts. */
  reserve(length: number): { slab: TokenArray; offset: number } {
    if (this.#used + length > this.#slab.length) {
      const size = Math.min(Math.max(2 * this.#slab.length, 4096), 1 << 18);
      this.#slab = tokenIdArray(Math.max(size, length), this.#vocabSize);
      this.#used = 0;
    }
    const offset = this.#used;
    this.#used += length;
    return { slab: this.#slab, offset };
  }
}

/**
 * The engine's mutable state for one request. Not exported from `mod.ts`.
 *
 * @example
 * ```ts
 * import { RequestState, TokenSlabs } from "stallfree/lib/engine/request_state.ts";
 * import { generate } from "stallfree/lib/engine/toy_model.ts";
 * import { assertEquals } from "@std/assert";
 * const state = new RequestState({ id: "a", prompt: [1, 2, 3], maxTokens: 1 }, 0, new TokenSlabs(50257));
 * state.computeKv(2);
 * state.computeKv(1); // KV never depends on the chunking
 * state.appendSample(50257, 0);
 * assertEquals(state.result().output, generate([1, 2, 3], 1));
 * ```
 */
export class RequestState {
  /** The request's id. */
  readonly id: string;
  /** The step it arrives at. */
  readonly arrival: number;
  /** Output tokens to generate. */
  readonly maxTokens: number;
  /** Prompt tokens. */
  readonly promptLen: number;
  /** Prompt, then output tokens as they are sampled, at `tokens[offset..]`. */
  readonly tokens: TokenArray;
  /** Where this request's tokens start in `tokens`. */
  readonly offset: number;
  /** Prompt length + tokens sampled so far. */
  numTokens: number;
  /** Positions that have KV. */
  numComputedTokens: number = 0;
  /** KV of position `numComputedTokens - 1`. */
  kv: number = INITIAL_KV;
  /** The step of its first sample, -1 before. */
  firstTokenStep: number = -1;
  /** The step of its last sample, -1 before. */
  finishStep: number = -1;
  /** Times it was preempted. */
  numPreemptions: number = 0;
  /** The prefix-cache hit at its first admission, in tokens; -1 before. */
  numCachedTokens: number = -1;

  /** Copies `request`'s prompt into a piece of `slabs`; `request` must be valid. */
  constructor(request: Request, arrival: number, slabs: TokenSlabs) {
    this.id = request.id;
    this.arrival = arrival;
    this.maxTokens = request.maxTokens;
    this.promptLen = this.numTokens = request.prompt.length;
    const { slab, offset } = slabs.reserve(this.promptLen + request.maxTokens);
    this.tokens = slab;
    this.offset = offset;
    const prompt = request.prompt;
    slab.set(prompt, offset);
  }

  /** Admission (first, or after preemption) with `hit` positions found in the prefix cache. */
  admit(hit: number): void {
    if (this.numCachedTokens < 0) this.numCachedTokens = hit;
    if (hit > 0) this.computeKv(hit); // the cached blocks hold exactly this KV
  }

  /** Preemption by recompute: every position's KV is dropped. */
  preempt(): void {
    this.numComputedTokens = 0;
    this.kv = INITIAL_KV;
    this.numPreemptions++;
  }

  /** Computes KV for the next `n` positions. */
  computeKv(n: number): void {
    const { tokens, offset } = this;
    let kv = this.kv;
    const end = this.numComputedTokens + n;
    for (let position = this.numComputedTokens; position < end; position++) {
      kv = nextKv(kv, tokens[offset + position], position);
    }
    this.kv = kv;
    this.numComputedTokens = end;
  }

  /** Samples one token from the last computed position, appends it, and returns it. */
  appendSample(vocabSize: number, step: number): number {
    const token = sampleToken(this.kv, vocabSize);
    this.tokens[this.offset + this.numTokens++] = token;
    if (this.firstTokenStep < 0) this.firstTokenStep = step;
    if (this.numTokens - this.promptLen === this.maxTokens) this.finishStep = step;
    return token;
  }

  /** A plain snapshot for callers; `withMemory` adds the memory counters. */
  result(withMemory = false): RequestResult {
    const started = this.firstTokenStep >= 0;
    const output = new Array<number>(this.numTokens - this.promptLen);
    const start = this.offset + this.promptLen;
    for (let i = 0; i < output.length; i++) output[i] = this.tokens[start + i];
    return {
      id: this.id,
      arrival: this.arrival,
      firstTokenStep: started ? this.firstTokenStep : null,
      ttftSteps: started ? this.firstTokenStep - this.arrival + 1 : null,
      finishStep: this.finishStep >= 0 ? this.finishStep : null,
      output,
      ...(withMemory
        ? {
          numPreemptions: this.numPreemptions,
          numCachedTokens: Math.max(0, this.numCachedTokens),
        }
        : {}),
    };
  }
}
