import {
  createRandom,
  parseWorkload,
  poissonWorkload,
  promptFromId,
  type Request,
  runWorkload,
} from "stallfree";
import { assert, assertEquals, assertThrows } from "@std/assert";
import fc from "fast-check";

Deno.test("parseWorkload() generates prompts from ids, deterministically and in range", () => {
  const [a, b] = parseWorkload([
    { id: "a", arrival: 0, promptLen: 50, maxTokens: 1 },
    { id: "b", arrival: 0, promptLen: 50, maxTokens: 1 },
  ], 100);
  assertEquals(a.prompt, promptFromId("a", 50, 100));
  assertEquals(a.prompt.length, 50);
  assert(a.prompt.every((t) => Number.isInteger(t) && t >= 0 && t < 100));
  assertEquals(a.prompt.join() === b.prompt.join(), false);
});

Deno.test("parseWorkload() refuses malformed entries, naming entry and field", () => {
  const cases: [unknown, ErrorConstructor, string][] = [
    [{}, TypeError, "Expected workload to be an array but found an object"],
    [[5], TypeError, "Expected workload[0] to be an object but found 5"],
    [
      [{ arrival: 0, prompt: [1], maxTokens: 1 }],
      TypeError,
      "Expected workload[0].id to be a non-empty string but found undefined",
    ],
    [
      [{ id: "a", prompt: [1], maxTokens: 1 }],
      TypeError,
      "Expected workload[0].arrival to be an integer in [0, 1099511627776] but found undefined",
    ],
    [
      [{ id: "a", arrival: 0.5, prompt: [1], maxTokens: 1 }],
      RangeError,
      "Expected workload[0].arrival to be an integer in [0, 1099511627776] but found 0.5",
    ],
    [
      [{ id: "a", arrival: 0, maxTokens: 1 }],
      TypeError,
      "Expected workload[0] to have exactly one of prompt and promptLen but found neither",
    ],
    [
      [{ id: "a", arrival: 0, prompt: [1], maxTokens: 0 }],
      RangeError,
      "Expected workload[0].maxTokens to be an integer in [1, 16777216] but found 0",
    ],
    [
      [{ id: "a", arrival: 0, prompt: [], maxTokens: 1 }],
      RangeError,
      "Expected workload[0].prompt to be a non-empty array but found an empty array",
    ],
    [
      [{ id: "a", arrival: 0, prompt: [1], maxTokens: 1, extra: 1 }],
      TypeError,
      'Expected workload[0] to have only the keys id, arrival, prompt, promptLen, maxTokens but found "extra"',
    ],
  ];
  for (const [data, ErrorClass, message] of cases) {
    assertThrows(() => parseWorkload(data), ErrorClass, message);
  }
});

Deno.test("runWorkload() sorts a workload by arrival, stably, whatever order it is listed in", () => {
  const workload = parseWorkload([
    { id: "late", arrival: 2, prompt: [1], maxTokens: 1 },
    { id: "x", arrival: 0, prompt: [1], maxTokens: 1 },
    { id: "y", arrival: 0, prompt: [1], maxTokens: 1 },
  ]);
  const run = runWorkload(workload, { maxNumSeqs: 1, trace: true });
  assertEquals(run.steps!.map((s) => s.scheduled.map((c) => c.id)), [["x"], ["y"], ["late"]]);
  assertEquals(Object.keys(run.requests), ["late", "x", "y"]); // results keep the listed order
});

Deno.test("poissonWorkload() has the requested mean rate and length ranges", () => {
  const workload = poissonWorkload({
    numRequests: 4000,
    arrivalRate: 0.5,
    promptLen: [16, 1024],
    maxTokens: [1, 256],
    seed: 3,
  });
  const lastArrival = workload.at(-1)!.arrival!;
  assert(Math.abs(4000 / lastArrival - 0.5) < 0.03, `rate ${4000 / lastArrival}`);
  assert(workload.every((r, i) => i === 0 || r.arrival! >= workload[i - 1].arrival!));
  const lengths = workload.map((r) => r.prompt.length), outputs = workload.map((r) => r.maxTokens);
  const within = (xs: number[], lo: number, hi: number) =>
    Math.min(...xs) >= lo && Math.min(...xs) <= lo + 5 && Math.max(...xs) <= hi &&
    Math.max(...xs) >= hi - 5;
  assert(within(lengths, 16, 1024) && within(outputs, 1, 256));
  assertThrows(
    () => poissonWorkload({ numRequests: 1, arrivalRate: 0 }),
    RangeError,
    "Expected arrivalRate to be a finite number > 0 but found 0",
  );
  assertThrows(
    () => poissonWorkload({ numRequests: 1, promptLen: [10, 5] }),
    RangeError,
    "Expected promptLen[1] to be an integer >= 10 but found 5",
  );
});

Deno.test("createRandom() is uniform enough and reproducible", () => {
  const random = createRandom(9);
  const counts = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 60000; i++) counts[random.int(1, 6) - 1]++;
  assert(counts.every((c) => Math.abs(c - 10000) < 400), `counts ${counts}`);
  assertThrows(
    () => createRandom(-1),
    RangeError,
    "Expected seed to be an integer >= 0 but found -1",
  );
});

Deno.test("Random ints() and fill() give the numbers int() gives, in any range and array", () => {
  fc.assert(
    fc.property(
      fc.nat(2 ** 31),
      fc.integer({ min: -1000, max: 1000 }),
      fc.constantFrom(1, 2, 6, 50257, 2 ** 16 - 1, 2 ** 16, 2 ** 16 + 1, 2 ** 31),
      (seed, min, range) => {
        const expected = Array.from(
          { length: 50 },
          ((r) => () => r.int(min, min + range - 1))(
            createRandom(seed),
          ),
        );
        assertEquals(createRandom(seed).ints(50, min, min + range - 1), expected);
        if (min >= 0 && min + range <= 2 ** 16) {
          const target = createRandom(seed).fill(new Uint16Array(50), min, min + range - 1);
          assertEquals([...target], expected);
        }
      },
    ),
    { numRuns: 2000 },
  );
});

Deno.test("runWorkload() refuses a workload that is not an array, or a bad request, before any step", () => {
  assertThrows(
    () => runWorkload({} as unknown as Request[]),
    TypeError,
    "Expected workload to be an array but found an object",
  );
  assertThrows(
    () =>
      runWorkload([{ id: "a", prompt: [1], maxTokens: 1 }, { id: "a", prompt: [2], maxTokens: 1 }]),
    RangeError,
    'Expected request ids to be unique but found "a" twice',
  );
  assertThrows(
    () => runWorkload([{ id: "a", prompt: [1], maxTokens: 1 }], { maxNumSeqs: 0 }),
    RangeError,
    "Expected maxNumSeqs to be an integer >= 1 but found 0",
  );
});
