import {
  createRandom,
  type LengthTable,
  percentile,
  requestLengthTables,
  sampleLengths,
  validateLengthTable,
} from "stallfree";
import { deriveRequestLengthModule } from "../tools/derive/request_lengths.ts";
import { assert, assertEquals, assertThrows } from "@std/assert";
import { exists, nameNeeding, vidurDir } from "./vidur_data.ts";

Deno.test("requestLengthTables are well formed, one per trace, with their provenance", () => {
  const counts = { chat: 19366, code: 8819, arxiv: 28257 }; // data rows, per the Vidur README
  assertEquals(Object.keys(requestLengthTables), Object.keys(counts));
  for (const [name, table] of Object.entries(requestLengthTables)) {
    validateLengthTable(table, name);
    assertEquals(table.numRequests, counts[name as keyof typeof counts]);
    assertEquals(table.promptQuantiles.length, 201);
    assertEquals(table.outputQuantilesByPromptBin.map((bin) => bin.length), Array(20).fill(101));
    assert(table.source.includes("7d47513363ec447a741ac5e47241580b47724fbf"), name);
    assert(table.source.includes("MIT"), name);
    assertEquals(table.source.includes("Splitwise"), name !== "arxiv");
  }
  assertEquals(requestLengthTables.arxiv.maxTotalTokens, 4096); // the filter Vidur's name states
  assertEquals(requestLengthTables.arxiv.promptQuantiles[100], 2730); // the README's median
});

Deno.test(
  nameNeeding(
    "request_length_tables.ts is exactly what tools/derive/request_lengths.ts derives",
    vidurDir,
  ),
  { ignore: !exists(vidurDir) },
  () => {
    const checkedIn = Deno.readTextFileSync(
      new URL("../lib/workload/request_length_tables.ts", import.meta.url),
    );
    assertEquals(deriveRequestLengthModule(vidurDir), checkedIn);
  },
);

Deno.test("sampleLengths() reproduces each trace's quantiles and its prompt-output dependence", () => {
  for (const table of Object.values(requestLengthTables) as LengthTable[]) {
    const random = createRandom(5);
    const samples = Array.from({ length: 40000 }, () => sampleLengths(table, random));
    const prompts = samples.map((s) => s.promptLen);
    for (const p of [10, 50, 90]) {
      const want = table.promptQuantiles[p * 2], got = percentile(prompts, p);
      assert(Math.abs(got - want) <= 0.05 * want, `p${p} prompt ${got} vs ${want}`);
    }
    assert(samples.every((s) => s.promptLen + s.maxTokens <= table.maxTotalTokens));
    assert(samples.every((s) => Number.isInteger(s.maxTokens) && s.maxTokens >= 1));
  }
  // chat: prompts between the 40th and 80th percentile get far longer outputs than the shortest
  const random = createRandom(6), chat = requestLengthTables.chat;
  const samples = Array.from({ length: 40000 }, () => sampleLengths(chat, random));
  const meanOutput = (lo: number, hi: number) => {
    const inBand = samples.filter((s) =>
      s.promptLen >= chat.promptQuantiles[lo * 2] && s.promptLen < chat.promptQuantiles[hi * 2]
    );
    return inBand.reduce((sum, s) => sum + s.maxTokens, 0) / inBand.length;
  };
  assert(
    meanOutput(45, 75) > 3 * meanOutput(10, 40),
    `${meanOutput(45, 75)} ${meanOutput(10, 40)}`,
  );
});

Deno.test("validateLengthTable() names the field and the rule", () => {
  const table = {
    source: "hand",
    numRequests: 4,
    maxTotalTokens: 9,
    promptQuantiles: [2, 8],
    outputQuantilesByPromptBin: [[1, 3]],
  };
  const cases: [unknown, ErrorConstructor, string][] = [
    [
      { ...table, promptQuantiles: [0, 8] },
      RangeError,
      "Expected t.promptQuantiles[0] to be an integer >= 1 but found 0",
    ],
    [
      { ...table, promptQuantiles: [2] },
      TypeError,
      "Expected t.promptQuantiles to be an array of at least 2 quantiles but found an array",
    ],
    [
      { ...table, maxTotalTokens: 8 },
      RangeError,
      "Expected t.maxTotalTokens to be an integer >= 9 but found 8",
    ],
    [
      { ...table, outputQuantilesByPromptBin: [] },
      TypeError,
      "Expected t.outputQuantilesByPromptBin to be a non-empty array but found an array",
    ],
    [
      { ...table, outputQuantilesByPromptBin: [[1, 2.5]] },
      RangeError,
      "Expected t.outputQuantilesByPromptBin[0][1] to be an integer >= 1 but found 2.5",
    ],
    [
      { ...table, numRequests: 0 },
      RangeError,
      "Expected t.numRequests to be an integer >= 1 but found 0",
    ],
    [{ ...table, source: 3 }, TypeError, "Expected t.source to be a string but found 3"],
    [
      { ...table, extra: 1 },
      TypeError,
      'Expected t to have only the keys source, numRequests, maxTotalTokens, promptQuantiles, outputQuantilesByPromptBin but found "extra"',
    ],
  ];
  for (const [value, ErrorClass, message] of cases) {
    assertThrows(() => validateLengthTable(value as LengthTable, "t"), ErrorClass, message);
  }
});
