// ENGINE.md's "Errors": every refusal names the field, the rule and the value found.
import { DEFAULT_CONFIG, Engine, resolveConfig } from "stallfree";
import { assertEquals, assertThrows } from "@std/assert";

Deno.test("resolveConfig() fills in the defaults", () => {
  const config = resolveConfig();
  assertEquals(
    [
      config.maxNumBatchedTokens,
      config.longPrefillTokenThreshold,
      config.maxNumSeqs,
      config.vocabSize,
    ],
    [2048, 0, 256, 50257],
  );
  assertEquals(config.isReadyToSample, DEFAULT_CONFIG.isReadyToSample);
});

const refusals: [string, Record<string, unknown>, ErrorConstructor, string][] = [
  [
    "zero budget",
    { maxNumBatchedTokens: 0 },
    RangeError,
    "Expected maxNumBatchedTokens to be an integer >= 1 but found 0",
  ],
  [
    "negative budget",
    { maxNumBatchedTokens: -5 },
    RangeError,
    "Expected maxNumBatchedTokens to be an integer >= 1 but found -5",
  ],
  [
    "NaN budget",
    { maxNumBatchedTokens: NaN },
    RangeError,
    "Expected maxNumBatchedTokens to be an integer >= 1 but found NaN",
  ],
  [
    "infinite budget",
    { maxNumBatchedTokens: Infinity },
    RangeError,
    "Expected maxNumBatchedTokens to be an integer >= 1 but found Infinity",
  ],
  [
    "string budget",
    { maxNumBatchedTokens: "512" },
    TypeError,
    'Expected maxNumBatchedTokens to be an integer >= 1 but found "512"',
  ],
  [
    "negative threshold",
    { longPrefillTokenThreshold: -1 },
    RangeError,
    "Expected longPrefillTokenThreshold to be an integer >= 0 but found -1",
  ],
  [
    "fractional threshold",
    { longPrefillTokenThreshold: 0.5 },
    RangeError,
    "Expected longPrefillTokenThreshold to be an integer >= 0 but found 0.5",
  ],
  [
    "NaN threshold",
    { longPrefillTokenThreshold: NaN },
    RangeError,
    "Expected longPrefillTokenThreshold to be an integer >= 0 but found NaN",
  ],
  [
    "maxNumSeqs below 1",
    { maxNumSeqs: 0 },
    RangeError,
    "Expected maxNumSeqs to be an integer >= 1 but found 0",
  ],
  [
    "vocabSize below 2",
    { vocabSize: 1 },
    RangeError,
    "Expected vocabSize to be an integer in [2, 2147483648] but found 1",
  ],
  [
    "misspelt key",
    { budget: 512 },
    TypeError,
    'Expected config to have only the keys maxNumBatchedTokens, longPrefillTokenThreshold, maxNumSeqs, vocabSize, isReadyToSample, numKvBlocks, blockSize, enablePrefixCaching, reserveFullPrompt, policy, kvWatermark but found "budget"',
  ],
  [
    "predicate not a function",
    { isReadyToSample: true },
    TypeError,
    "Expected isReadyToSample to be a function but found boolean",
  ],
];

for (const [what, config, ErrorClass, message] of refusals) {
  Deno.test(`new Engine() refuses a ${what}`, () => {
    assertThrows(() => new Engine(config), ErrorClass, message);
  });
}

const badRequests: [string, Record<string, unknown>, ErrorConstructor, string][] = [
  [
    "an empty prompt",
    { id: "r", prompt: [], maxTokens: 1 },
    RangeError,
    'Expected prompt of request "r" to be a non-empty array (or Uint16Array, Uint32Array, Int32Array) but found an empty array',
  ],
  [
    "a prompt that is not an array",
    { id: "r", prompt: "hi", maxTokens: 1 },
    RangeError,
    'Expected prompt of request "r" to be a non-empty array (or Uint16Array, Uint32Array, Int32Array) but found "hi"',
  ],
  [
    "a token id at vocabSize",
    { id: "r", prompt: [1, 50257], maxTokens: 1 },
    RangeError,
    'Expected prompt[1] of request "r" to be an integer in [0, 50257) but found 50257',
  ],
  [
    "a negative token id",
    { id: "r", prompt: [-1], maxTokens: 1 },
    RangeError,
    'Expected prompt[0] of request "r" to be an integer in [0, 50257) but found -1',
  ],
  [
    "a NaN token id",
    { id: "r", prompt: [NaN], maxTokens: 1 },
    RangeError,
    'Expected prompt[0] of request "r" to be an integer in [0, 50257) but found NaN',
  ],
  [
    "maxTokens 0",
    { id: "r", prompt: [1], maxTokens: 0 },
    RangeError,
    'Expected maxTokens of request "r" to be an integer in [1, 16777216] but found 0',
  ],
  [
    "NaN maxTokens",
    { id: "r", prompt: [1], maxTokens: NaN },
    RangeError,
    'Expected maxTokens of request "r" to be an integer in [1, 16777216] but found NaN',
  ],
  [
    "a negative arrival",
    { id: "r", prompt: [1], maxTokens: 1, arrival: -1 },
    RangeError,
    'Expected arrival of request "r" to be an integer in [0, 1099511627776] but found -1',
  ],
  [
    "a fractional arrival",
    { id: "r", prompt: [1], maxTokens: 1, arrival: 1.5 },
    RangeError,
    'Expected arrival of request "r" to be an integer in [0, 1099511627776] but found 1.5',
  ],
  [
    "a NaN arrival",
    { id: "r", prompt: [1], maxTokens: 1, arrival: NaN },
    RangeError,
    'Expected arrival of request "r" to be an integer in [0, 1099511627776] but found NaN',
  ],
  [
    "an empty id",
    { id: "", prompt: [1], maxTokens: 1 },
    TypeError,
    'Expected request id to be a non-empty string but found ""',
  ],
  [
    "a misspelt field",
    { id: "r", prompt: [1], max_tokens: 1 },
    TypeError,
    'Expected request to have only the keys id, prompt, maxTokens, arrival but found "max_tokens"',
  ],
];

for (const [what, request, ErrorClass, message] of badRequests) {
  Deno.test(`engine.addRequest() refuses ${what} and keeps nothing`, () => {
    const engine = new Engine();
    // deno-lint-ignore no-explicit-any
    assertThrows(() => engine.addRequest(request as any), ErrorClass, message);
    assertEquals([engine.hasUnfinishedRequests, engine.results()], [false, []]);
  });
}
