// Issue 12 through the library: limits and one clear line for every bad value, before any work.
import { assert, assertEquals, assertThrows } from "@std/assert";
import { Engine, parseWorkload, type Request, runWorkload } from "stallfree";
import { writeReport } from "../cli/report.ts";

const refusals: [string, () => unknown, ErrorConstructor, string][] = [
  [
    "runWorkload([null])",
    () => runWorkload([null as unknown as Request]),
    TypeError,
    "Expected workload[0] to be an object but found null",
  ],
  [
    "runWorkload with null options",
    () => runWorkload([], null as unknown as undefined),
    TypeError,
    "Expected options to be an object but found null",
  ],
  [
    "runWorkload with a misspelt option",
    () => runWorkload([], { budget: 4 } as never),
    TypeError,
    'Expected config to have only the keys maxNumBatchedTokens, longPrefillTokenThreshold, maxNumSeqs, vocabSize, isReadyToSample, numKvBlocks, blockSize, enablePrefixCaching, reserveFullPrompt, policy, kvWatermark but found "budget"',
  ],
  [
    "a BigInt maxTokens",
    () => runWorkload([{ id: "a", prompt: [1], maxTokens: 5n as unknown as number }]),
    TypeError,
    'Expected maxTokens of request "a" to be an integer in [1, 16777216] but found 5n',
  ],
  [
    "a BigInt budget",
    () => new Engine({ maxNumBatchedTokens: 5n as unknown as number }),
    TypeError,
    "Expected maxNumBatchedTokens to be an integer >= 1 but found 5n",
  ],
  [
    "vocabSize 3e9",
    () => new Engine({ vocabSize: 3e9 }),
    RangeError,
    "Expected vocabSize to be an integer in [2, 2147483648] but found 3000000000",
  ],
  [
    "parseWorkload with a NaN vocabSize",
    () => parseWorkload([{ id: "a", arrival: 0, prompt: [1e9], maxTokens: 1 }], NaN),
    RangeError,
    "Expected vocabSize to be an integer in [2, 2147483648] but found NaN",
  ],
  [
    "parseWorkload with a prompt token past 2^31",
    () => parseWorkload([{ id: "a", arrival: 0, prompt: [2 ** 35], maxTokens: 1 }], 2 ** 31),
    RangeError,
    "Expected workload[0].prompt[0] to be an integer in [0, 2147483648) but found 34359738368",
  ],
  [
    "an arrival at 2^53 - 3",
    () => new Engine().addRequest({ id: "a", prompt: [1], maxTokens: 6, arrival: 2 ** 53 - 3 }),
    RangeError,
    'Expected arrival of request "a" to be an integer in [0, 1099511627776] but found 9007199254740989',
  ],
  [
    "maxTokens 2^53 - 1",
    () => new Engine().addRequest({ id: "a", prompt: [1], maxTokens: 2 ** 53 - 1 }),
    RangeError,
    'Expected maxTokens of request "a" to be an integer in [1, 16777216] but found 9007199254740991',
  ],
  [
    "a request past 2^24 tokens",
    () => new Engine().addRequest({ id: "a", prompt: [1, 2], maxTokens: 2 ** 24 - 1 }),
    RangeError,
    'Expected promptLen + maxTokens of request "a" to be at most 16777216 but found 16777217',
  ],
  [
    "a workload past 2^28 tokens, before building an engine",
    () =>
      runWorkload(
        Array.from(
          { length: 17 },
          (_, i) => ({ id: `r${i}`, prompt: [1], maxTokens: 2 ** 24 - 1 }),
        ),
      ),
    RangeError,
    "Expected the workload's tokens (promptLen + maxTokens over its requests) to be at most 268435456 but found 285212672 by workload[16]",
  ],
  [
    "an id with escape codes, escaped in the message",
    () => new Engine().addRequest({ id: "\u001b[2J\n", prompt: [], maxTokens: 1 }),
    RangeError,
    'Expected prompt of request "\\u001b[2J\\n" to be a non-empty array (or Uint16Array, Uint32Array, Int32Array) but found an empty array',
  ],
];

for (const [what, run, ErrorClass, message] of refusals) {
  Deno.test(`the library refuses ${what} in one line`, () => {
    const error = assertThrows(run, ErrorClass, message);
    assertEquals((error as Error).message, message);
  });
}

Deno.test("writeReport() writes no piece longer than 64 Ki outputs, however long the output", () => {
  const pieces: string[] = [];
  const output = Array.from({ length: 200_000 }, (_, i) => i % 50257);
  const totals = { totalSteps: 1, maxStepTokens: 1, requestSteps: 1, tokens: 1 };
  const result = { ttftSteps: 1, finishStep: 200_000, output };
  writeReport({ write: (text) => pieces.push(text) }, totals, ["a"], () => result, true);
  assertEquals(JSON.parse(pieces.join("")), { ...totals, requests: { a: result } });
  assert(Math.max(...pieces.map((p) => p.length)) <= 6 * 2 ** 16, "pieces stay small");
});
