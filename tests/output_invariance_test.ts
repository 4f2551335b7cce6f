import { findOutputDivergence, type Request } from "stallfree";
import { assertEquals } from "@std/assert";

const workload: Request[] = [
  { id: "decode", arrival: 0, prompt: [3, 1, 4], maxTokens: 12 },
  { id: "long", arrival: 2, prompt: Array.from({ length: 90 }, (_, i) => i), maxTokens: 4 },
  { id: "short", arrival: 3, prompt: [2, 7], maxTokens: 3 },
];

Deno.test("findOutputDivergence() finds none for any threshold and budget under the guard", () => {
  for (const threshold of [0, 1, 5, 32]) {
    for (const budget of [1, 3, 16, 100]) {
      const config = { longPrefillTokenThreshold: threshold, maxNumBatchedTokens: budget };
      assertEquals(findOutputDivergence(workload, config), undefined, JSON.stringify(config));
    }
  }
});

Deno.test("findOutputDivergence() names the first request and position a mid-prefill sample changes", () => {
  const sampleAtChunkOf10 = (computed: number, total: number) =>
    computed === total || computed % 10 === 0;
  const divergence = findOutputDivergence(workload, {
    longPrefillTokenThreshold: 10,
    isReadyToSample: sampleAtChunkOf10,
  });
  // "decode" is never mid-prefill at threshold 10 (3 tokens), so "long" is the first to differ,
  // and from its first token on: that one is sampled after 10 of its 90 positions.
  assertEquals([divergence?.id, divergence?.position], ["long", 0]);
  assertEquals(divergence!.unchunked.length, 4);
});
