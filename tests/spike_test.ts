// The seed facts of ENGINE.md's spike experiment, reproduced exactly.
import { Engine, victimCosts } from "stallfree";
import { assertEquals } from "@std/assert";

function spike(threshold: number) {
  const engine = new Engine({ maxNumBatchedTokens: 2048, longPrefillTokenThreshold: threshold });
  engine.addRequest({ id: "A", prompt: [11, 12, 13, 14, 15, 16, 17, 18], maxTokens: 16 });
  engine.step(); // A prefills and samples its first token: it is now mid-decode
  engine.addRequest({
    id: "B",
    prompt: Array.from({ length: 256 }, (_, i) => i * 7),
    maxTokens: 2,
  });
  const records = [];
  while (engine.result("A").finishStep === null) records.push(engine.step());
  return { costs: victimCosts(records, "A"), output: engine.result("A").output };
}

Deno.test("spike experiment: threshold 0 gives [257, 2, 1 x 13]", () => {
  assertEquals(spike(0).costs, [257, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
});

Deno.test("spike experiment: threshold 32 gives [33 x 8, 2, 1 x 6]", () => {
  assertEquals(spike(32).costs, [33, 33, 33, 33, 33, 33, 33, 33, 2, 1, 1, 1, 1, 1, 1]);
});

Deno.test("spike experiment: A's output token ids are identical in both runs", () => {
  const [unchunked, chunked] = [spike(0).output, spike(32).output];
  assertEquals(unchunked.length, 16);
  assertEquals(chunked, unchunked);
});
