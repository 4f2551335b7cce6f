/**
 * What the engine keeps per request: the token ids, two counters and the KV of
 * the last computed position. One integer of KV is enough: the toy model's next
 * position needs only the previous one, so a request never stores every
 * position's KV.
 *
 * @module
 */
import type { Request } from "./request.ts";
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
}

/** The engine's mutable state for one request. Not exported from `mod.ts`. */
export class RequestState {
  readonly id: string;
  readonly arrival: number;
  readonly maxTokens: number;
  readonly promptLen: number;
  /** Prompt, then output tokens as they are sampled. */
  readonly tokens: Int32Array;
  numTokens: number;
  numComputedTokens = 0;
  /** KV of position `numComputedTokens - 1`. */
  kv = INITIAL_KV;
  firstTokenStep = -1;
  finishStep = -1;

  constructor(request: Request, arrival: number) {
    this.id = request.id;
    this.arrival = arrival;
    this.maxTokens = request.maxTokens;
    this.promptLen = request.prompt.length;
    this.tokens = new Int32Array(this.promptLen + request.maxTokens);
    this.tokens.set(request.prompt);
    this.numTokens = this.promptLen;
  }

  /** Computes KV for the next `n` positions. */
  computeKv(n: number): void {
    const tokens = this.tokens;
    let kv = this.kv;
    const end = this.numComputedTokens + n;
    for (let position = this.numComputedTokens; position < end; position++) {
      kv = nextKv(kv, tokens[position], position);
    }
    this.kv = kv;
    this.numComputedTokens = end;
  }

  /** Samples one token from the last computed position and appends it. */
  appendSample(vocabSize: number, step: number): number {
    const token = sampleToken(this.kv, vocabSize);
    this.tokens[this.numTokens++] = token;
    if (this.firstTokenStep < 0) this.firstTokenStep = step;
    if (this.numTokens - this.promptLen === this.maxTokens) this.finishStep = step;
    return token;
  }

  #output(): number[] {
    const output = new Array<number>(this.numTokens - this.promptLen);
    for (let i = 0; i < output.length; i++) output[i] = this.tokens[this.promptLen + i];
    return output;
  }

  /** A plain snapshot for callers. */
  result(): RequestResult {
    const started = this.firstTokenStep >= 0;
    return {
      id: this.id,
      arrival: this.arrival,
      firstTokenStep: started ? this.firstTokenStep : null,
      ttftSteps: started ? this.firstTokenStep - this.arrival + 1 : null,
      finishStep: this.finishStep >= 0 ? this.finishStep : null,
      output: this.#output(),
    };
  }
}
