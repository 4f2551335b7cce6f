// The timed run and its serving metrics on cases checkable by hand: a clock of
// "2 ms + 1 ms per token" per step.
import {
  promptFromId,
  runTimed,
  runWorkload,
  servingMetrics,
  type StepTimeProfile,
  stepTimeProfile,
  type TimedRequest,
} from "stallfree";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";

/** Every step lasts 2 ms plus 1 ms per token scheduled. */
const TOKEN_CLOCK: StepTimeProfile = {
  ...stepTimeProfile("llama2-7b-a100"),
  linear: { flatMs: 0, msPerToken: 1, kneeTokens: 0 },
  attention: { fixedMsPerLayer: 0, flopEfficiency: Infinity, bandwidthEfficiency: Infinity },
  cpu: { fixedMs: 2, msPerRequest: 0 },
};

/** a (3 + 3 tokens) at 0 ms, b (2 + 2) at 1 ms, c (1 + 1) at 100 ms, at budget 4. */
const THREE: TimedRequest[] = [
  { id: "a", arrivalMs: 0, prompt: [1, 2, 3], maxTokens: 3 },
  { id: "b", arrivalMs: 1, prompt: [4, 5], maxTokens: 2 },
  { id: "c", arrivalMs: 100, prompt: [6], maxTokens: 1 },
];

Deno.test("runTimed() emits each token at its step's end and jumps idle time", () => {
  const run = runTimed(THREE, { maxNumBatchedTokens: 4 }, { profile: TOKEN_CLOCK, trace: true });
  // Step 0 [0, 5): a prefills 3. b arrived at 1 but joins before step 1, at 5.
  // Step 1 [5, 10): a decodes 1, b prefills 2. Step 2 [10, 14): both decode; both finish.
  // Idle until c at 100. Step 3 [100, 103): c prefills 1.
  assertEquals(run.steps!.map((s) => [s.startMs, s.durationMs]), [[0, 5], [5, 5], [10, 4], [
    100,
    3,
  ]]);
  assertEquals(run.requests.map((r) => [r.id, r.firstScheduledMs, r.tokenTimesMs]), [
    ["a", 0, [5, 10, 14]],
    ["b", 5, [10, 14]],
    ["c", 100, [103]],
  ]);
  assertEquals([run.numSteps, run.endMs], [4, 103]);
  assertEquals(
    runTimed(THREE, { maxNumBatchedTokens: 4 }, { profile: TOKEN_CLOCK }).steps,
    undefined,
  );
});

Deno.test("runTimed() schedules exactly as the untimed engine when all arrive at once", () => {
  const workload = ["x", "y", "z"].map((id, i) => ({
    id,
    prompt: promptFromId(id, 100 + 50 * i),
    maxTokens: 5 + i,
  }));
  const config = { maxNumBatchedTokens: 64, longPrefillTokenThreshold: 16 };
  const untimed = runWorkload(workload.map((r) => ({ ...r, arrival: 0 })), {
    ...config,
    trace: true,
  });
  const timed = runTimed(workload.map((r) => ({ ...r, arrivalMs: 0 })), config, {
    profile: "llama2-70b-h100-tp4",
    trace: true,
  });
  assertEquals(timed.steps!.map((s) => s.record.scheduled), untimed.steps!.map((r) => r.scheduled));
  assertEquals(timed.requests.map((r) => r.tokenTimesMs.length), [5, 6, 7]);
});

Deno.test("runTimed() refuses bad input, naming the field, before running anything", () => {
  const ok = THREE[0];
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [
      () => runTimed("x" as never, {}, { profile: TOKEN_CLOCK }),
      TypeError,
      'Expected workload to be an array but found "x"',
    ],
    [
      () => runTimed([{ ...ok, arrivalMs: -1 }], {}, { profile: TOKEN_CLOCK }),
      RangeError,
      "Expected workload[0].arrivalMs to be a finite number >= 0 but found -1",
    ],
    [
      () => runTimed([ok, { ...ok, arrivalMs: NaN, id: "n" }], {}, { profile: TOKEN_CLOCK }),
      RangeError,
      "Expected workload[1].arrivalMs to be a finite number >= 0 but found NaN",
    ],
    [
      () => runTimed([ok, ok], {}, { profile: TOKEN_CLOCK }),
      RangeError,
      'Expected request ids to be unique but found "a" twice',
    ],
    [
      () => runTimed([{ ...ok, arrival: 3 } as never], {}, { profile: TOKEN_CLOCK }),
      TypeError,
      'Expected workload[0] to have only the keys id, arrivalMs, prompt, maxTokens but found "arrival"',
    ],
    [
      () => runTimed([{ ...ok, maxTokens: 0 }], {}, { profile: TOKEN_CLOCK }),
      RangeError,
      'Expected maxTokens of request "a" to be an integer in [1, 16777216] but found 0',
    ],
    [
      () => runTimed([ok], { maxNumBatchedTokens: 0 }, { profile: TOKEN_CLOCK }),
      RangeError,
      "Expected maxNumBatchedTokens to be an integer >= 1 but found 0",
    ],
    [
      () => runTimed([ok], {}, { profile: "tpu" as never }),
      RangeError,
      'Expected profile to be one of "llama2-7b-a100"',
    ],
    [
      () => runTimed([ok], {}, { profile: TOKEN_CLOCK, slo: 1 } as never),
      TypeError,
      'Expected options to have only the keys profile, trace but found "slo"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) assertThrows(fn, ErrorClass, message);
});

// a: arrives 0, tokens at 5, 10, 14. b: arrives 1, first scheduled 5, tokens at 10, 14.
// c: arrives 100, tokens at 103.
const run = runTimed(THREE, { maxNumBatchedTokens: 4 }, { profile: TOKEN_CLOCK });

Deno.test("servingMetrics() computes TTFT, TPOT, ITL, E2EL and scheduling delay per vllm bench serve", () => {
  const m = servingMetrics(run);
  // TTFT 5, 9, 3; nearest rank over three: p50 is the 2nd smallest, p90 and p99 the 3rd.
  assertEquals(m.ttftMs, { mean: 17 / 3, median: 5, p90: 9, p99: 9 });
  // TPOT per request of >= 2 outputs: a (14 - 5) / 2 = 4.5, b (13 - 9) / 1 = 4; c has none.
  assertEquals(m.tpotMs, { mean: 4.25, median: 4, p90: 4.5, p99: 4.5 });
  // ITL pooled over every gap: a 5 and 4, b 4.
  assertEquals(m.itlMs, { mean: 13 / 3, median: 4, p90: 5, p99: 5 });
  assertEquals(m.e2elMs, { mean: 10, median: 13, p90: 14, p99: 14 });
  assertEquals(m.schedulingDelayMs, { mean: 4 / 3, median: 0, p90: 4, p99: 4 });
});

Deno.test("servingMetrics() computes throughput over first arrival to last token", () => {
  const m = servingMetrics(run);
  assertEquals([m.completed, m.durationS], [3, 0.103]);
  assertAlmostEquals(m.requestThroughput, 3 / 0.103, 1e-9);
  assertAlmostEquals(m.outputThroughput, 6 / 0.103, 1e-9);
  assertAlmostEquals(m.totalTokenThroughput, 12 / 0.103, 1e-9); // 6 prompt + 6 output tokens
  assertEquals(m.requestGoodput, null);
});

Deno.test("servingMetrics() counts as goodput only requests meeting every SLO given", () => {
  const goodput = (slos: Parameters<typeof servingMetrics>[1]) =>
    servingMetrics(run, slos).requestGoodput! * 0.103;
  assertAlmostEquals(goodput({ ttftMs: 6 }), 2, 1e-9); // a and c
  assertAlmostEquals(goodput({ tpotMs: 4.2 }), 2, 1e-9); // b, and c with one token
  assertAlmostEquals(goodput({ e2elMs: 13 }), 2, 1e-9); // b and c
  assertAlmostEquals(goodput({ ttftMs: 6, e2elMs: 13 }), 1, 1e-9); // c
  assertThrows(
    () => servingMetrics(run, { ttftMs: 0 }),
    RangeError,
    "Expected slos.ttftMs to be a number > 0 but found 0",
  );
  assertThrows(
    () => servingMetrics(run, { itl: 5 } as never),
    TypeError,
    'Expected slos to have only the keys ttftMs, tpotMs, e2elMs but found "itl"',
  );
});

Deno.test("servingMetrics() leaves out TPOT and ITL when no request has two tokens", () => {
  const single = runTimed([THREE[2]], {}, { profile: TOKEN_CLOCK });
  const m = servingMetrics(single);
  assertEquals([m.tpotMs, m.itlMs, m.ttftMs.median], [null, null, 3]);
});
