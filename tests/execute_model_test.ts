import fc from "fast-check";
import { executeModel } from "stallfree/lib/engine/execute_model.ts";
import { RequestState, TokenSlabs } from "stallfree/lib/engine/request_state.ts";
import { assertEquals } from "@std/assert";

// A batch: each request's prompt, how far it has computed already, and its chunk this step.
const batchArb = fc.array(
  fc.integer({ min: 1, max: 40 }).chain((promptLen) =>
    fc.record({
      prompt: fc.array(fc.nat(50256), { minLength: promptLen, maxLength: promptLen }),
      computed: fc.nat(promptLen - 1),
    }).chain(({ prompt, computed }) =>
      fc.record({
        prompt: fc.constant(prompt),
        computed: fc.constant(computed),
        n: fc.integer({ min: 1, max: prompt.length - computed }),
      })
    )
  ),
  { maxLength: 12 },
);

function states(batch: { prompt: number[]; computed: number }[]): RequestState[] {
  const slabs = new TokenSlabs(50257);
  return batch.map(({ prompt, computed }, i) => {
    const state = new RequestState({ id: `r${i}`, prompt, maxTokens: 1 }, 0, slabs);
    state.computeKv(computed);
    return state;
  });
}

Deno.test("executeModel() leaves each request's KV and counter as computing it alone would", () => {
  fc.assert(
    fc.property(batchArb, (batch) => {
      const together = states(batch), alone = states(batch);
      const ns = batch.map((b) => b.n);
      executeModel(together, ns, batch.length);
      alone.forEach((state, i) => state.computeKv(ns[i]));
      assertEquals(
        together.map((s) => [s.kv, s.numComputedTokens]),
        alone.map((s) => [s.kv, s.numComputedTokens]),
      );
    }),
    { numRuns: 2000 },
  );
});

Deno.test("executeModel() runs only the first numChunks chunks", () => {
  const [a, b] = states([{ prompt: [1, 2, 3], computed: 0 }, { prompt: [4, 5], computed: 0 }]);
  executeModel([a, b], [3, 2], 1);
  assertEquals([a.numComputedTokens, b.numComputedTokens], [3, 0]);
});
