/**
 * The model's forward pass over a step's batch (vLLM's `execute_model`).
 *
 * @module
 */
import type { RequestState } from "./request_state.ts";
import { nextKv } from "./toy_model.ts";

/**
 * Computes the KV of the first `numChunks` chunks: request `requests[i]`
 * advances `numScheduledTokens[i]` positions. Each request's KV is a chain of
 * dependent hashes, so the chunks of more than one token (prefills) run two at
 * a time: two independent chains interleaved take little longer than one. The
 * KV is the same as one request after another (the toy model is causal).
 *
 * @example
 * ```ts
 * import { executeModel } from "stallfree/lib/engine/execute_model.ts";
 * import { RequestState, TokenSlabs } from "stallfree/lib/engine/request_state.ts";
 * import { assertEquals } from "@std/assert";
 * const slabs = new TokenSlabs(50257);
 * const state = (id: string) => new RequestState({ id, prompt: [4, 5, 6, 7], maxTokens: 1 }, 0, slabs);
 * const [a, b, c] = [state("a"), state("b"), state("c")];
 * executeModel([a, b], [4, 2], 2); // a prefills its whole prompt, b half of it
 * c.computeKv(4);
 * assertEquals([a.numComputedTokens, b.numComputedTokens, a.kv], [4, 2, c.kv]);
 * ```
 */
export function executeModel(
  requests: readonly RequestState[],
  numScheduledTokens: readonly number[],
  numChunks: number,
): void {
  let waiting = -1; // a prefill chunk waiting for a partner
  for (let i = 0; i < numChunks; i++) {
    const n = numScheduledTokens[i];
    if (n === 1) requests[i].computeKv(1);
    else if (waiting < 0) waiting = i;
    else {
      computeKvPair(requests[waiting], numScheduledTokens[waiting], requests[i], n);
      waiting = -1;
    }
  }
  if (waiting >= 0) requests[waiting].computeKv(numScheduledTokens[waiting]);
}

/** `a.computeKv(na)` and `b.computeKv(nb)`, the two chains interleaved while both run. */
function computeKvPair(a: RequestState, na: number, b: RequestState, nb: number): void {
  const both = na < nb ? na : nb;
  const ta = a.tokens, tb = b.tokens, oa = a.offset, ob = b.offset;
  const pa = a.numComputedTokens, pb = b.numComputedTokens;
  let ka = a.kv, kb = b.kv;
  for (let j = 0; j < both; j++) {
    ka = nextKv(ka, ta[oa + pa + j], pa + j);
    kb = nextKv(kb, tb[ob + pb + j], pb + j);
  }
  a.kv = ka;
  b.kv = kb;
  a.numComputedTokens = pa + both;
  b.numComputedTokens = pb + both;
  if (na > both) a.computeKv(na - both);
  if (nb > both) b.computeKv(nb - both);
}
