import {
  generateWorkload,
  type LengthTable,
  percentile,
  requestLengthTables,
  type WorkloadSpec,
} from "stallfree";
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";

const spec: WorkloadSpec = {
  lengths: "arxiv",
  qps: 3,
  numRequests: 2048,
  burstiness: 0.5,
  seed: 4,
};

Deno.test("generateWorkload() is the same bit for bit for the same spec, and pinned across versions", () => {
  const a = generateWorkload(spec), b = generateWorkload({ ...spec });
  assertEquals(a, b);
  assert(a.every((r, i) => Object.is(r.arrivalMs, b[i].arrivalMs)));
  assertNotEquals(generateWorkload({ ...spec, seed: 5 }), a);
  // a fingerprint of seed 0: if this changes, every seeded result in the course changes with it
  const chat = generateWorkload({ lengths: "chat", qps: 1, numRequests: 100, seed: 0 });
  assertEquals(chat[0], {
    id: "r0",
    arrivalMs: 1174.682627194736,
    promptLen: 1245,
    maxTokens: 186,
  });
  assertEquals([
    chat.reduce((s, r) => s + r.promptLen, 0),
    chat.reduce((s, r) => s + r.maxTokens, 0),
  ], [116022, 20723]);
});

Deno.test("generateWorkload() ids, arrivals and lengths follow the spec", () => {
  const requests = generateWorkload(spec);
  assertEquals(requests.map((r) => r.id), requests.map((_, i) => `r${i}`));
  assertAlmostEquals(requests.at(-1)!.arrivalMs, (2048 / 3) * 1000, 1e-6);
  const table = requestLengthTables.arxiv;
  const median = percentile(requests.map((r) => r.promptLen), 50);
  assert(
    Math.abs(median - table.promptQuantiles[100]) < 0.05 * table.promptQuantiles[100],
    `${median}`,
  );
  assert(
    requests.every((r) =>
      r.promptLen >= 1 && r.maxTokens >= 1 && r.promptLen + r.maxTokens <= 4096
    ),
  );
});

Deno.test("generateWorkload() keeps the lengths when qps or burstiness change; qps rescales arrivals", () => {
  const base = generateWorkload(spec);
  for (const other of [{ ...spec, qps: 30 }, { ...spec, burstiness: 4 }]) {
    const requests = generateWorkload(other);
    assertEquals(
      requests.map((r) => [r.promptLen, r.maxTokens]),
      base.map((r) => [r.promptLen, r.maxTokens]),
    );
  }
  generateWorkload({ ...spec, qps: 30 }).forEach((r, i) =>
    assertAlmostEquals(r.arrivalMs * 10, base[i].arrivalMs, 1e-9 * base[i].arrivalMs)
  );
});

Deno.test("generateWorkload() takes a table of one's own", () => {
  const table: LengthTable = {
    source: "hand",
    numRequests: 2,
    maxTotalTokens: 30,
    promptQuantiles: [10, 10],
    outputQuantilesByPromptBin: [[5, 5]],
  };
  const requests = generateWorkload({ ...spec, lengths: table, numRequests: 3 });
  assertEquals(requests.map((r) => [r.promptLen, r.maxTokens]), [[10, 5], [10, 5], [10, 5]]);
});

Deno.test("generateWorkload() refuses a bad spec with one line naming the field", () => {
  const cases: [unknown, ErrorConstructor, string][] = [
    [
      { ...spec, lengths: "chats" },
      TypeError,
      'Expected lengths to be one of "chat", "code", "arxiv" or a length table but found "chats"',
    ],
    [
      { ...spec, lengths: { ...requestLengthTables.code, promptQuantiles: [0, 1] } },
      RangeError,
      "Expected lengths.promptQuantiles[0] to be an integer >= 1 but found 0",
    ],
    [{ ...spec, qps: -2 }, RangeError, "Expected qps to be a finite number > 0 but found -2"],
    [
      { ...spec, numRequests: 1.5 },
      RangeError,
      "Expected numRequests to be an integer >= 1 but found 1.5",
    ],
    [{ ...spec, burstiness: 0 }, RangeError, "Expected burstiness to be a number > 0 but found 0"],
    [
      { ...spec, seed: undefined },
      TypeError,
      "Expected seed to be an integer >= 0 but found undefined",
    ],
    [
      { ...spec, rate: 3 },
      TypeError,
      'Expected spec to have only the keys lengths, qps, numRequests, burstiness, seed but found "rate"',
    ],
  ];
  for (const [value, ErrorClass, message] of cases) {
    assertThrows(() => generateWorkload(value as WorkloadSpec), ErrorClass, message);
  }
});
