import { Engine, generate, type StepRecord } from "stallfree";
import { assertEquals, assertThrows } from "@std/assert";

const chunks = (record: StepRecord) =>
  record.scheduled.map((chunk) => [chunk.id, chunk.numScheduledTokens]);
const prompt = (length: number, start = 0) => Array.from({ length }, (_, i) => (start + i) % 50257);

Deno.test("engine.step() admits arrivals at the back of the waiting queue in arrival order", () => {
  const engine = new Engine({ maxNumBatchedTokens: 100, maxNumSeqs: 1 });
  engine.addRequest({ id: "late", prompt: prompt(2), maxTokens: 1, arrival: 1 });
  engine.addRequest({ id: "first", prompt: prompt(2), maxTokens: 1, arrival: 0 });
  engine.addRequest({ id: "tie", prompt: prompt(2), maxTokens: 1, arrival: 1 });
  const records = [engine.step(), engine.step(), engine.step()];
  assertEquals(records.map((r) => r.arrived), [["first"], ["late", "tie"], []]);
  assertEquals(records.map((r) => r.scheduled[0]?.id), ["first", "late", "tie"]);
});

Deno.test("engine.step() runs running requests first, in admission order", () => {
  const engine = new Engine({ maxNumBatchedTokens: 10 });
  engine.addRequest({ id: "a", prompt: prompt(12), maxTokens: 2 });
  engine.addRequest({ id: "b", prompt: prompt(3), maxTokens: 2 });
  assertEquals(chunks(engine.step()), [["a", 10]]); // a takes the whole budget; b waits
  assertEquals(chunks(engine.step()), [["a", 2], ["b", 3]]);
  assertEquals(chunks(engine.step()), [["a", 1], ["b", 1]]);
});

Deno.test("engine.step() gives each request min(remaining, threshold, budgetLeft)", () => {
  const engine = new Engine({ maxNumBatchedTokens: 50, longPrefillTokenThreshold: 20 });
  engine.addRequest({ id: "a", prompt: prompt(45), maxTokens: 1 });
  engine.addRequest({ id: "b", prompt: prompt(45), maxTokens: 1 });
  engine.addRequest({ id: "c", prompt: prompt(45), maxTokens: 1 });
  assertEquals(chunks(engine.step()), [["a", 20], ["b", 20], ["c", 10]]);
  assertEquals(chunks(engine.step()), [["a", 20], ["b", 20], ["c", 10]]);
  assertEquals(chunks(engine.step()), [["a", 5], ["b", 5], ["c", 20]]);
});

Deno.test("engine.step() caps each request at the threshold, not the step", () => {
  const engine = new Engine({ maxNumBatchedTokens: 2048, longPrefillTokenThreshold: 32 });
  engine.addRequest({ id: "decode", prompt: prompt(4), maxTokens: 8 });
  engine.step();
  engine.addRequest({ id: "p1", prompt: prompt(100), maxTokens: 1 });
  engine.addRequest({ id: "p2", prompt: prompt(100), maxTokens: 1 });
  const record = engine.step();
  assertEquals(chunks(record), [["decode", 1], ["p1", 32], ["p2", 32]]);
});

Deno.test("engine.step() never skips the waiting head when seats run out", () => {
  const engine = new Engine({ maxNumBatchedTokens: 100, maxNumSeqs: 1 });
  engine.addRequest({ id: "long", prompt: prompt(10), maxTokens: 3 });
  engine.addRequest({ id: "head", prompt: prompt(50), maxTokens: 1 });
  engine.addRequest({ id: "small", prompt: prompt(1), maxTokens: 1 });
  const order = [];
  while (engine.hasUnfinishedRequests) order.push(...chunks(engine.step()).map(([id]) => id));
  assertEquals(order, ["long", "long", "long", "head", "small"]);
});

Deno.test("engine.step() samples only when a request has caught up", () => {
  const engine = new Engine({ maxNumBatchedTokens: 4 });
  engine.addRequest({ id: "a", prompt: prompt(10), maxTokens: 2 });
  const records = [engine.step(), engine.step(), engine.step(), engine.step()];
  assertEquals(records.map((r) => r.sampled.length), [0, 0, 1, 1]);
  assertEquals(records.map((r) => r.scheduled[0].contextLen), [4, 8, 10, 11]);
  assertEquals(records.flatMap((r) => r.sampledTokenIds), generate(prompt(10), 2));
});

Deno.test("engine.step() retires a request at maxTokens at the end of its step", () => {
  const engine = new Engine();
  engine.addRequest({ id: "a", prompt: prompt(3), maxTokens: 2 });
  const first = engine.step(), second = engine.step();
  assertEquals([first.finished, second.finished], [[], ["a"]]);
  assertEquals(engine.result("a").finishStep, 1);
  assertEquals(engine.step().scheduled, []);
});

Deno.test("engine.step() ticks the clock when idle", () => {
  const engine = new Engine();
  engine.addRequest({ id: "a", prompt: prompt(3), maxTokens: 1, arrival: 3 });
  const records = [engine.step(), engine.step(), engine.step(), engine.step()];
  assertEquals(records.map((r) => [r.step, r.scheduled.length]), [[0, 0], [1, 0], [2, 0], [3, 1]]);
  assertEquals(engine.result("a").ttftSteps, 1); // an idle engine serves a short prompt at once
});

Deno.test("engine.skipIdleSteps() jumps only while nothing waits or runs", () => {
  const engine = new Engine();
  engine.addRequest({ id: "a", prompt: prompt(3), maxTokens: 2, arrival: 5 });
  assertEquals(engine.skipIdleSteps(), 5);
  assertEquals(engine.step().step, 5);
  assertEquals(engine.skipIdleSteps(), 0); // a is running
});

Deno.test("engine prefill takes ceil(p / min(threshold || budget, budget)) steps", () => {
  for (
    const [p, threshold, budget] of [
      [256, 0, 2048],
      [256, 32, 2048],
      [100, 0, 30],
      [96, 32, 2048],
      [1, 16, 8],
      [4096, 600, 512],
    ]
  ) {
    const engine = new Engine({
      maxNumBatchedTokens: budget,
      longPrefillTokenThreshold: threshold,
    });
    engine.addRequest({ id: "a", prompt: prompt(p), maxTokens: 1 });
    while (engine.hasUnfinishedRequests) engine.step();
    const expected = Math.ceil(p / Math.min(threshold || budget, budget));
    assertEquals(
      engine.result("a").ttftSteps,
      expected,
      `p=${p} threshold=${threshold} budget=${budget}`,
    );
  }
});

Deno.test("engine.addRequest() refuses an arrival in the engine's past", () => {
  const engine = new Engine();
  engine.step();
  engine.step();
  assertThrows(
    () => engine.addRequest({ id: "a", prompt: [1], maxTokens: 1, arrival: 1 }),
    RangeError,
    `Expected arrival of request "a" to be >= the engine's current step 2 but found 1`,
  );
});

Deno.test("engine.addRequest() refuses a duplicate id and leaves the engine as it was", () => {
  const engine = new Engine();
  engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 1 });
  assertThrows(
    () => engine.addRequest({ id: "a", prompt: [3], maxTokens: 5 }),
    RangeError,
    `Expected request ids to be unique but found "a" twice`,
  );
  assertThrows(() => engine.addRequest({ id: "b", prompt: [1, -1], maxTokens: 1 }), RangeError);
  assertEquals(chunks(engine.step()), [["a", 2]]);
  assertEquals(engine.results().map((r) => r.id), ["a"]);
  engine.addRequest({ id: "b", prompt: [1], maxTokens: 1 }); // the refused id is still free
});

Deno.test("engine.result() names an unknown id", () => {
  assertThrows(
    () => new Engine().result("x"),
    RangeError,
    `Expected a request id the engine knows but found "x"`,
  );
});

Deno.test("engine refuses a sampling predicate that never samples a caught-up request", () => {
  const engine = new Engine({ isReadyToSample: () => false });
  engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 1 });
  assertThrows(
    () => engine.step(),
    RangeError,
    `Expected isReadyToSample to sample request "a" once it caught up (numComputedTokens === numTokens === 2) but it returned false`,
  );
});

Deno.test("engine.step() refused by the sampling predicate changes nothing, however often retried", () => {
  const refuseSeven = (computed: number, total: number) => computed === total && total !== 7;
  const engine = new Engine({ isReadyToSample: refuseSeven });
  engine.addRequest({ id: "a", prompt: prompt(3), maxTokens: 4 });
  engine.addRequest({ id: "b", prompt: prompt(7), maxTokens: 1, arrival: 1 });
  engine.addRequest({ id: "c", prompt: prompt(2), maxTokens: 1, arrival: 1 });
  engine.step(); // a prefills and samples
  const before = { step: engine.currentStep, totals: engine.totals, results: engine.results() };
  for (let retry = 0; retry < 3; retry++) {
    // a would decode and sample first; then b catches up and the predicate refuses it
    assertThrows(() => engine.step(), RangeError, `request "b" once it caught up`);
    assertEquals(
      { step: engine.currentStep, totals: engine.totals, results: engine.results() },
      before,
    );
  }
  assertEquals(engine.skipIdleSteps(), 0);
});

Deno.test("engine.addRequest() takes arrivals in any order, between steps too, ties in the order added", () => {
  const order = (adds: [string, number][][]) => {
    const engine = new Engine({ maxNumBatchedTokens: 1 });
    const ids = [];
    for (const batch of adds) {
      for (const [id, arrival] of batch) {
        engine.addRequest({ id, prompt: [1], maxTokens: 1, arrival });
      }
      ids.push(...engine.step().scheduled.map((chunk) => chunk.id));
    }
    while (engine.hasUnfinishedRequests) ids.push(...engine.step().scheduled.map((c) => c.id));
    return ids;
  };
  const expected = ["a", "b", "c", "d", "e", "f"];
  assertEquals(order([[["f", 9], ["e", 8], ["d", 3], ["c", 3], ["b", 1], ["a", 0]]]), [
    "a",
    "b",
    "d",
    "c",
    "e",
    "f",
  ]);
  assertEquals(order([[["a", 0], ["f", 9]], [["e", 8], ["c", 3]], [["d", 3], ["b", 2]]]), expected);
});

Deno.test("engine's toy model gives the token ids ENGINE.md's spike victim has always had", () => {
  assertEquals(
    generate([11, 12, 13, 14, 15, 16, 17, 18], 16),
    [
      49502,
      3282,
      38632,
      11245,
      32285,
      39672,
      33895,
      47857,
      13778,
      2777,
      49847,
      6316,
      38377,
      49602,
      27096,
      40679,
    ],
  );
  assertEquals(generate([1, 2, 3], 4, 7), [3, 1, 4, 1]);
});

Deno.test("engine with a broken sampling guard changes a chunked prompt's output", () => {
  const sampleMidPrefill = (computed: number, total: number) =>
    computed === total || computed % 8 === 0;
  const output = (threshold: number) => {
    const engine = new Engine({
      longPrefillTokenThreshold: threshold,
      isReadyToSample: sampleMidPrefill,
    });
    engine.addRequest({ id: "a", prompt: prompt(20), maxTokens: 4 });
    while (engine.hasUnfinishedRequests) engine.step();
    return engine.result("a").output;
  };
  assertEquals(output(0), generate(prompt(20), 4)); // unchunked, the broken guard never fires
  const chunked = output(8);
  assertEquals(chunked.length, 4);
  assertEquals(chunked.join() === generate(prompt(20), 4).join(), false);
});

Deno.test("engine.addRequest() takes a prompt as a typed array of token ids, and keeps a copy", () => {
  const ids = [5, 50256, 0, 70];
  const typed = [new Uint16Array(ids), new Uint32Array(ids), new Int32Array(ids)];
  const engine = new Engine({ maxNumBatchedTokens: 3 });
  typed.forEach((prompt, i) => engine.addRequest({ id: `t${i}`, prompt, maxTokens: 3 }));
  for (const prompt of typed) prompt.fill(1); // the caller reuses its buffer: the engine copied
  while (engine.hasUnfinishedRequests) engine.step();
  for (let i = 0; i < typed.length; i++) {
    assertEquals(engine.result(`t${i}`).output, generate(ids, 3));
  }
});

Deno.test("engine.addRequest() refuses a typed-array prompt of the wrong kind or with a bad id", () => {
  const engine = new Engine();
  const add = (prompt: unknown) => () =>
    engine.addRequest({ id: "a", prompt: prompt as number[], maxTokens: 1 });
  const rule = "to be a non-empty array (or Uint16Array, Uint32Array, Int32Array)";
  const cases: [unknown, string][] = [
    [new Float64Array([1.5]), `Expected prompt of request "a" ${rule} but found a Float64Array`],
    [new Uint16Array(0), `Expected prompt of request "a" ${rule} but found an empty Uint16Array`],
    [
      new Uint32Array([1, 70000]),
      'Expected prompt[1] of request "a" to be an integer in [0, 50257) but found 70000',
    ],
    [
      new Int32Array([-3]),
      'Expected prompt[0] of request "a" to be an integer in [0, 50257) but found -3',
    ],
  ];
  for (const [prompt, message] of cases) {
    const error = assertThrows(add(prompt), RangeError);
    assertEquals((error as Error).message, message);
  }
  assertEquals(engine.hasUnfinishedRequests, false);
});
