/**
 * Request traces from CSV, in the layout of Vidur's processed traces
 * (`data/processed_traces/splitwise_conv.csv` and `splitwise_code.csv` in
 * github.com/microsoft/vidur):
 *
 * ```csv
 * arrived_at,num_prefill_tokens,num_decode_tokens
 * 0.0,374,44
 * 4.314579,396,109
 * ```
 *
 * - `arrived_at`: arrival in **seconds** from the start, a number >= 0; it
 *   becomes `arrivalMs`, rounded to the microsecond.
 * - `num_prefill_tokens`: prompt tokens, an integer >= 1 (`promptLen`).
 * - `num_decode_tokens`: output tokens, an integer >= 1 (`maxTokens`).
 *
 * Columns may come in any order and others are ignored. Rows keep file order
 * (a run sorts by arrival, ties stable) and get ids `r0, r1, ...` by row. The
 * CSV rules and limits are those of `csv_columns.ts`: a byte order mark, CRLF
 * and blank lines accepted; no quoting; at most a million rows. Lengths are
 * taken as they are: nothing is clipped to a context length.
 *
 * @module
 */
import { readCsvColumns } from "./csv_columns.ts";
import type { TraceRequest } from "./trace_request.ts";

const COLUMNS = [
  { name: "arrived_at", isInteger: false, min: 0 },
  { name: "num_prefill_tokens", isInteger: true, min: 1 },
  { name: "num_decode_tokens", isInteger: true, min: 1 },
];

/**
 * The requests of a trace's CSV `text`; `file` names it in errors.
 *
 * @example
 * ```ts
 * import { parseTraceCsv } from "stallfree/lib/workload/trace_csv.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const text = "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44\n4.314579,396,109\n";
 * assertEquals(parseTraceCsv(text)[1], { id: "r1", arrivalMs: 4314.579, promptLen: 396, maxTokens: 109 });
 * assertThrows(
 *   () => parseTraceCsv(text.replace("396", "abc")),
 *   RangeError,
 *   'Expected trace.csv line 3 column num_prefill_tokens to be an integer >= 1 but found "abc"',
 * );
 * ```
 */
export function parseTraceCsv(text: string, file = "trace.csv"): TraceRequest[] {
  return readCsvColumns(text, file, COLUMNS).map(([seconds, promptLen, maxTokens], i) => ({
    id: `r${i}`,
    arrivalMs: Math.round(seconds * 1e6) / 1000,
    promptLen,
    maxTokens,
  }));
}

/**
 * Reads and parses the trace CSV at `path`, naming `path` in errors.
 *
 * @example
 * ```ts
 * import { readTraceCsv } from "stallfree/lib/workload/trace_csv.ts";
 * import { assertEquals } from "@std/assert";
 * const path = Deno.makeTempFileSync({ suffix: ".csv" });
 * Deno.writeTextFileSync(path, "num_decode_tokens,arrived_at,num_prefill_tokens\n8,0.5,16\n");
 * assertEquals(readTraceCsv(path), [{ id: "r0", arrivalMs: 500, promptLen: 16, maxTokens: 8 }]);
 * Deno.removeSync(path);
 * ```
 */
export function readTraceCsv(path: string): TraceRequest[] {
  return parseTraceCsv(Deno.readTextFileSync(path), path);
}
