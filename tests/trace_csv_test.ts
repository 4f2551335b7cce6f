import { MAX_CSV_ROWS, parseTraceCsv, readTraceCsv } from "stallfree";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { exists, nameNeeding, vidurDir } from "./vidur_data.ts";

const HEADER = "arrived_at,num_prefill_tokens,num_decode_tokens";
const conv = `${vidurDir}/data/processed_traces/splitwise_conv.csv`;

Deno.test("parseTraceCsv() reads seconds into ms and keeps file order", () => {
  const text = `\uFEFF${HEADER}\r\n0.0,374,44\r\n\r\n4.314579,396,109\r\n0.25,7,1\r\n`;
  assertEquals(parseTraceCsv(text), [
    { id: "r0", arrivalMs: 0, promptLen: 374, maxTokens: 44 },
    { id: "r1", arrivalMs: 4314.579, promptLen: 396, maxTokens: 109 },
    { id: "r2", arrivalMs: 250, promptLen: 7, maxTokens: 1 },
  ]);
  const reordered = "pd_ratio,num_decode_tokens,num_prefill_tokens,arrived_at\n2.5, 4 ,10,1e-3\n";
  assertEquals(parseTraceCsv(reordered), [{ id: "r0", arrivalMs: 1, promptLen: 10, maxTokens: 4 }]);
});

Deno.test("parseTraceCsv() refuses bad input with one line naming line, column, value and rule", () => {
  const cases: [string, string][] = [
    [
      `${HEADER}\n1,abc,3\n`,
      'Expected trace.csv line 2 column num_prefill_tokens to be an integer >= 1 but found "abc"',
    ],
    [
      `${HEADER}\n1,2,3\n1,2,0\n`,
      'Expected trace.csv line 3 column num_decode_tokens to be an integer >= 1 but found "0"',
    ],
    [
      `${HEADER}\n1,2.5,3\n`,
      'Expected trace.csv line 2 column num_prefill_tokens to be an integer >= 1 but found "2.5"',
    ],
    [
      `${HEADER}\n-1,2,3\n`,
      'Expected trace.csv line 2 column arrived_at to be a number >= 0 but found "-1"',
    ],
    [
      `${HEADER}\nInfinity,2,3\n`,
      'Expected trace.csv line 2 column arrived_at to be a number >= 0 but found "Infinity"',
    ],
    [
      `${HEADER}\n,2,3\n`,
      'Expected trace.csv line 2 column arrived_at to be a number >= 0 but found ""',
    ],
    [`${HEADER}\n1,2\n`, "Expected trace.csv line 2 to have 3 cells (as the header) but found 2"],
    [
      `${HEADER}\n"1",2,3\n`,
      'Expected trace.csv line 2 column arrived_at to be a number >= 0 but found "\\"1\\""',
    ],
    [
      "arrival,num_prefill_tokens,num_decode_tokens\n1,2,3\n",
      'Expected trace.csv line 1 to be a header with one column arrived_at but found "arrival,num_prefill_tokens,num_decode_tokens"',
    ],
    [
      `${HEADER},arrived_at\n1,2,3,4\n`,
      `Expected trace.csv line 1 to be a header with one column arrived_at but found "${HEADER},arrived_at"`,
    ],
    [
      `${HEADER}\n\n`,
      "Expected trace.csv to have at least one row after the header but found none",
    ],
    ["", 'Expected trace.csv line 1 to be a header with one column arrived_at but found ""'],
  ];
  for (const [text, message] of cases) assertThrows(() => parseTraceCsv(text), RangeError, message);
});

Deno.test("parseTraceCsv() stops at its row limit", () => {
  const text = HEADER + "\n0,1,1".repeat(MAX_CSV_ROWS + 1);
  assertThrows(
    () => parseTraceCsv(text, "big.csv"),
    RangeError,
    "Expected big.csv to have at most 1000000 rows but found more",
  );
});

Deno.test(
  nameNeeding("readTraceCsv() loads Vidur's chat trace", conv),
  { ignore: !exists(conv) },
  () => {
    const requests = readTraceCsv(conv);
    assertEquals(requests.length, 19366); // the README's row count
    assertEquals(requests.slice(0, 2).map((r) => [r.arrivalMs, r.promptLen, r.maxTokens]), [
      [0, 374, 44],
      [4314.579, 396, 109],
    ]);
    assertAlmostEquals(requests.length / (requests.at(-1)!.arrivalMs / 1000), 5.53, 0.01);
  },
);

Deno.test("readTraceCsv() names the path in its errors", () => {
  const path = Deno.makeTempFileSync({ suffix: ".csv" });
  try {
    Deno.writeTextFileSync(path, `${HEADER}\n0,1,1\n0,1,x\n`);
    assertThrows(
      () => readTraceCsv(path),
      RangeError,
      `Expected ${path} line 3 column num_decode_tokens to be an integer >= 1 but found "x"`,
    );
  } finally {
    Deno.removeSync(path);
  }
});
