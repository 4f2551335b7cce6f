// Each rule of ENGINE.md's "Memory and policies" on a schedule small enough to
// check by hand: which request is preempted, when the head blocks, when
// admission stops, what reserveFullPrompt holds back, when a block enters the
// prefix cache and which is evicted, who goes first under each policy, and the
// refusals at the door.
import { Engine, type EngineConfig, type Request } from "stallfree";
import { assertEquals, assertThrows } from "@std/assert";

/** Each step as `step: id:n ... | preempted | kvBlocksUsed`, idle stretches skipped. */
function trace(config: Partial<EngineConfig>, requests: Request[]): string[] {
  const engine = new Engine(config);
  for (const request of requests) engine.addRequest(request);
  const lines: string[] = [];
  while (engine.hasUnfinishedRequests) {
    engine.skipIdleSteps();
    const r = engine.step();
    const chunks = r.scheduled.map((c) => `${c.id}:${c.numScheduledTokens}`).join(" ");
    const memory = r.kvBlocksUsed === undefined ? "" : ` | ${r.preempted} | ${r.kvBlocksUsed}`;
    lines.push(`${r.step}: ${chunks}${memory}`);
  }
  return lines;
}

const prompt = (length: number, token = 3) => Array.from({ length }, () => token);

Deno.test("Engine preempts the most recently admitted request not yet scheduled, and admits nothing that step", () => {
  // 4 blocks of 2 tokens; each request's prompt fills one block; decodes open a second.
  const requests = ["A", "B", "C"].map((id, i) => ({ id, prompt: [i, i], maxTokens: 5 }));
  assertEquals(trace({ numKvBlocks: 4, blockSize: 2 }, requests), [
    "0: A:2 B:2 C:2 |  | 3",
    "1: A:1 B:1 | C | 4", // A takes the last free block; B's block comes from C
    "2: A:1 B:1 |  | 4", // C waits at the head: its 3 tokens need 2 blocks, none free
    "3: A:1 | B | 3", // A's third block comes from B, now the last running
    "4: A:1 |  | 0", // A finishes and frees its 3 blocks
    "5: B:5 |  | 3", // B recomputes its prompt and 3 outputs; C (2 blocks) blocks behind it
    "6: B:1 |  | 0",
    "7: C:3 |  | 2",
    "8: C:1 |  | 2",
    "9: C:1 |  | 3",
    "10: C:1 |  | 0",
  ]);
});

Deno.test("Engine: the asker preempts itself when it is the last running request, and the pass ends", () => {
  const requests = [
    { id: "A", prompt: [1, 2, 3, 4, 5, 6, 7, 8], maxTokens: 8 },
    { id: "B", prompt: [9, 9, 9, 9], maxTokens: 8 },
  ];
  const lines = trace({ numKvBlocks: 4, blockSize: 4 }, requests);
  assertEquals(lines.slice(0, 3), ["0: A:8 B:4 |  | 3", "1: A:1 | B | 3", "2: A:1 |  | 3"]);
  assertEquals(lines.slice(7, 9), ["7: A:1 |  | 0", "8: B:5 |  | 2"]);
});

Deno.test("Engine prefill-priority: a request admitted this step is withdrawn before the asker preempts itself", () => {
  const requests = [
    { id: "old", prompt: prompt(7, 1), maxTokens: 11 },
    { id: "new", prompt: prompt(16, 2), maxTokens: 2, arrival: 2 },
  ];
  const config = {
    maxNumBatchedTokens: 17,
    longPrefillTokenThreshold: 16,
    blockSize: 8,
    numKvBlocks: 4,
    policy: "prefill-priority" as const,
    kvWatermark: 1,
  };
  assertEquals(trace(config, requests).slice(2), [
    "2: new:16 old:1 |  | 4",
    "3: old:1 | new | 2", // new decodes position 16: no third block free, it preempts itself
    "4: new:16 old:1 |  | 4",
    "5: old:1 | new | 2",
    "6: new:16 old:1 |  | 4",
    "7: old:1 | new | 2",
    "8: new:16 old:1 |  | 4",
    "9: old:1 | new | 2",
    "10: old:1 | new | 0", // old's position 16 needs a third block: new, admitted this step, goes
    "11: new:16 |  | 2",
    "12: new:1 |  | 0",
  ]);
});

Deno.test("Engine: admitting on the first chunk thrashes; reserveFullPrompt waits for the whole prompt's blocks", () => {
  const requests = [
    { id: "A", prompt: [1, 2, 3, 4, 5, 6, 7, 8], maxTokens: 9 },
    { id: "B", prompt: prompt(16), maxTokens: 1, arrival: 2 },
  ];
  const config = { numKvBlocks: 6, blockSize: 4, maxNumBatchedTokens: 9 };
  const thrash = trace({ ...config, longPrefillTokenThreshold: 4 }, requests);
  assertEquals(thrash.slice(2, 9), [
    "2: A:1 B:4 |  | 4",
    "3: A:1 B:4 |  | 5",
    "4: A:1 B:4 |  | 6",
    "5: A:1 | B | 3", // A's fourth block: B, 12 tokens in, starts over
    "6: A:1 B:4 |  | 5",
    "7: A:1 B:4 |  | 6",
    "8: A:1 | B | 4",
  ]);
  const reserved = trace(
    { ...config, longPrefillTokenThreshold: 4, reserveFullPrompt: true },
    requests,
  );
  assertEquals(reserved.slice(8, 11), ["8: A:1 |  | 4", "9: A:1 |  | 0", "10: B:4 |  | 1"]);
  assertEquals(reserved.length, 14);
});

Deno.test("Engine: a block enters the prefix cache at the end of its step; hits are capped so one token computes", () => {
  const engine = new Engine({ numKvBlocks: 8, blockSize: 2, enablePrefixCaching: true });
  engine.addRequest({ id: "a", prompt: [5, 5, 6, 6, 7], maxTokens: 1 });
  engine.addRequest({ id: "b", prompt: [5, 5, 6, 6, 7], maxTokens: 1 }); // same step: no hit
  engine.addRequest({ id: "c", prompt: [5, 5, 6, 6, 9], maxTokens: 1, arrival: 1 });
  engine.addRequest({ id: "d", prompt: [5, 5, 6, 6], maxTokens: 1, arrival: 2 }); // cap: 1 block
  const chunks = [0, 1, 2].map(() => engine.step().scheduled);
  assertEquals(chunks.map((s) => s.map((c) => [c.id, c.numScheduledTokens, c.contextLen])), [
    [["a", 5, 5], ["b", 5, 5]],
    [["c", 1, 5]],
    [["d", 2, 4]],
  ]);
  const cached = engine.results().map((r) => [r.id, r.numCachedTokens, r.output.length]);
  assertEquals(cached, [["a", 0, 1], ["b", 0, 1], ["c", 4, 1], ["d", 2, 1]]);
});

Deno.test("Engine: the least recently freed cached block is evicted first", () => {
  // 3 blocks of 2: x fills two blocks and frees them last block first ([1, 0] to the back).
  const engine = new Engine({ numKvBlocks: 3, blockSize: 2, enablePrefixCaching: true });
  engine.addRequest({ id: "x", prompt: [1, 1, 2, 2, 3], maxTokens: 1 });
  engine.step(); // x holds blocks 0, 1, 2; blocks 0 and 1 cached; all freed: queue 2, 1, 0
  engine.addRequest({ id: "y", prompt: [9, 9, 9, 9], maxTokens: 1 }); // takes 2 and 1
  engine.step();
  engine.addRequest({ id: "z", prompt: [1, 1, 2, 2, 3], maxTokens: 1 });
  assertEquals(engine.step().scheduled, [{ id: "z", numScheduledTokens: 3, contextLen: 5 }]);
  assertEquals(engine.result("z").numCachedTokens, 2); // block 0 survived; block 1 was evicted
});

Deno.test("Engine policies: who goes first in the same workload", () => {
  const requests = [
    { id: "A", prompt: [1, 2], maxTokens: 4 },
    { id: "B", prompt: [1, 2, 3, 4, 5, 6], maxTokens: 2, arrival: 1 },
  ];
  const config = { maxNumBatchedTokens: 8, longPrefillTokenThreshold: 4 };
  assertEquals(trace({ ...config, policy: "stall-free" }, requests).slice(1, 3), [
    "1: A:1 B:4",
    "2: A:1 B:2",
  ]);
  assertEquals(trace({ ...config, policy: "prefill-first" }, requests).slice(1, 3), [
    "1: B:6", // whole prompt, no threshold, and A's decode waits
    "2: A:1 B:1",
  ]);
  assertEquals(trace({ ...config, policy: "prefill-priority" }, requests).slice(1, 3), [
    "1: B:4 A:1",
    "2: A:1 B:2",
  ]);
});

Deno.test("Engine prefill-priority: admission goes first only while blocks held are below the watermark", () => {
  const requests = [
    { id: "A", prompt: [1, 2, 3, 4, 5], maxTokens: 3 },
    { id: "B", prompt: [1, 2, 3, 4, 5, 6, 7, 8], maxTokens: 2, arrival: 1 },
  ];
  const config = { numKvBlocks: 8, blockSize: 2, maxNumBatchedTokens: 8 };
  const run = (kvWatermark: number) =>
    trace({ ...config, policy: "prefill-priority", kvWatermark }, requests).slice(1, 3);
  assertEquals(run(0.5), ["1: B:8 |  | 7", "2: A:1 B:1 |  | 3"]); // 3 < 4 blocks: B first
  assertEquals(run(0.25), ["1: A:1 B:7 |  | 7", "2: A:1 B:1 |  | 4"]); // 3 >= 2: stall-free
});

Deno.test("Engine with numKvBlocks refuses at the door a request that could never fit", () => {
  const engine = new Engine({ numKvBlocks: 2, blockSize: 16 });
  engine.addRequest({ id: "fits", prompt: prompt(30), maxTokens: 3 });
  assertThrows(
    () => engine.addRequest({ id: "big", prompt: prompt(30), maxTokens: 4 }),
    RangeError,
    'Expected request "big" to need at most numKvBlocks (2) blocks',
  );
  assertEquals(engine.results().map((r) => r.id), ["fits"]);
});

Deno.test("Engine under prefill-first refuses at the door a request whose recompute outgrows the budget", () => {
  const engine = new Engine({ maxNumBatchedTokens: 8, policy: "prefill-first" });
  assertThrows(
    () => engine.addRequest({ id: "b", prompt: prompt(6), maxTokens: 4 }),
    RangeError,
    'Expected request "b" to need at most maxNumBatchedTokens (8) tokens under policy prefill-first',
  );
});

const refusals: [Partial<EngineConfig>, string][] = [
  [{ numKvBlocks: 0 }, "Expected numKvBlocks to be an integer in [1, 16777216] but found 0"],
  [{ blockSize: 0 }, "Expected blockSize to be an integer in [1, 16777216] but found 0"],
  [
    { enablePrefixCaching: true },
    "Expected numKvBlocks to be set when enablePrefixCaching is true but found undefined",
  ],
  [
    { reserveFullPrompt: true },
    "Expected numKvBlocks to be set when reserveFullPrompt is true but found undefined",
  ],
  [
    { policy: "fastest" as never },
    'Expected policy to be one of stall-free, prefill-first, prefill-priority but found "fastest"',
  ],
  [{ kvWatermark: NaN }, "Expected kvWatermark to be a number in [0, 1] but found NaN"],
  [
    { numKvBlocks: 8, isReadyToSample: () => true },
    "Expected isReadyToSample to be samplingGuard when numKvBlocks is set",
  ],
];

for (const [config, message] of refusals) {
  Deno.test(`new Engine() refuses: ${message}`, () => {
    assertThrows(() => new Engine(config), Error, message);
  });
}

Deno.test("Engine without numKvBlocks adds no memory fields to records or results", () => {
  const engine = new Engine();
  engine.addRequest({ id: "a", prompt: [1], maxTokens: 1 });
  assertEquals(Object.keys(engine.step()), [
    "step",
    "arrived",
    "scheduled",
    "sampled",
    "sampledTokenIds",
    "finished",
  ]);
  assertEquals("numPreemptions" in engine.result("a"), false);
});
