/**
 * Request-length tables: a trace's prompt and output lengths as quantiles,
 * kept joint, and a seeded sampler over them.
 *
 * Prompt and output lengths are not independent in real traces: in the chat
 * trace, prompts between the 40th and 80th percentile get about 3.5 times the
 * mean output of the rest (370 against 105 tokens), and the summarization
 * trace was filtered to at most 4096 tokens in all, so its rare long outputs
 * come with short prompts (the shortest tenth of prompts averages 1182 output
 * tokens, the rest under 230). Sampling the two independently would lose both.
 * A table therefore keeps the output quantiles separately for each of a few
 * equal-count bins of prompt rank, and caps prompt + output at the longest
 * request of its source.
 *
 * @module
 */
import type { Random } from "./random.ts";
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/** A trace's request lengths as quantiles (nearest rank, so every value occurs in the source). */
export interface LengthTable {
  /** Where the numbers come from: file, commit, licence and attribution. */
  source: string;
  /** Requests in the source. */
  numRequests: number;
  /** The longest prompt + output in the source; no sample is longer. */
  maxTotalTokens: number;
  /** Prompt tokens at quantiles `0, 1/(n-1), ..., 1`: the first is the shortest, the last the longest. */
  promptQuantiles: readonly number[];
  /**
   * Output tokens of the requests in each equal-count bin of prompt rank (bin
   * `b` of `k` holds the prompt quantiles in `[b/k, (b+1)/k)`), at quantiles
   * `0, 1/(m-1), ..., 1`.
   */
  outputQuantilesByPromptBin: readonly (readonly number[])[];
}

const KEYS = [
  "source",
  "numRequests",
  "maxTotalTokens",
  "promptQuantiles",
  "outputQuantilesByPromptBin",
];

/**
 * Throws a `TypeError` or `RangeError` naming the field (under `field`) unless
 * `table` is a well-formed {@linkcode LengthTable}: integer quantiles >= 1,
 * nondecreasing, at least two per list, and `maxTotalTokens` above the
 * longest prompt.
 *
 * @example
 * ```ts
 * import { validateLengthTable } from "stallfree/lib/workload/length_table.ts";
 * import { assertThrows } from "@std/assert";
 * const table = { source: "hand", numRequests: 4, maxTotalTokens: 9, promptQuantiles: [2, 8], outputQuantilesByPromptBin: [[1, 3]] };
 * validateLengthTable(table, "lengths");
 * assertThrows(
 *   () => validateLengthTable({ ...table, promptQuantiles: [8, 2] }, "lengths"),
 *   RangeError,
 *   "Expected lengths.promptQuantiles[1] to be an integer >= 8 but found 2",
 * );
 * ```
 */
export function validateLengthTable(table: LengthTable, field: string): void {
  requireKnownKeys(field, table, KEYS);
  if (typeof table.source !== "string") {
    throw new TypeError(
      `Expected ${field}.source to be a string but found ${describeValue(table.source)}`,
    );
  }
  requireInteger(`${field}.numRequests`, table.numRequests, 1);
  requireQuantiles(`${field}.promptQuantiles`, table.promptQuantiles);
  requireInteger(
    `${field}.maxTotalTokens`,
    table.maxTotalTokens,
    table.promptQuantiles.at(-1)! + 1,
  );
  const bins = table.outputQuantilesByPromptBin;
  if (!Array.isArray(bins) || bins.length === 0) {
    throw new TypeError(
      `Expected ${field}.outputQuantilesByPromptBin to be a non-empty array but found ${
        describeValue(bins)
      }`,
    );
  }
  bins.forEach((bin, b) => requireQuantiles(`${field}.outputQuantilesByPromptBin[${b}]`, bin));
}

function requireQuantiles(field: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length < 2) {
    throw new TypeError(
      `Expected ${field} to be an array of at least 2 quantiles but found ${describeValue(values)}`,
    );
  }
  values.forEach((value, i) =>
    requireInteger(`${field}[${i}]`, value, i === 0 ? 1 : values[i - 1])
  );
}

/** One request's lengths. */
export interface RequestLengths {
  /** Prompt tokens. */
  promptLen: number;
  /** Output tokens to generate. */
  maxTokens: number;
}

/**
 * Draws one request's lengths from `table` with two numbers from `random`:
 * the first picks the prompt (and so its bin), the second the output within
 * that bin; both interpolate linearly between quantiles and round.
 *
 * @example
 * ```ts
 * import { sampleLengths } from "stallfree/lib/workload/length_table.ts";
 * import { createRandom } from "stallfree/lib/workload/random.ts";
 * import { assertEquals } from "@std/assert";
 * const table = { source: "hand", numRequests: 4, maxTotalTokens: 9, promptQuantiles: [2, 8], outputQuantilesByPromptBin: [[1, 1], [3, 3]] };
 * const random = { ...createRandom(0), next: () => 0.75 };
 * assertEquals(sampleLengths(table, random), { promptLen: 7, maxTokens: 2 }); // 7 + 3 capped at 9
 * ```
 */
export function sampleLengths(table: LengthTable, random: Random): RequestLengths {
  const u = random.next();
  const bins = table.outputQuantilesByPromptBin;
  const promptLen = interpolate(table.promptQuantiles, u);
  const outputLen = interpolate(bins[Math.floor(u * bins.length)], random.next());
  return { promptLen, maxTokens: Math.min(outputLen, table.maxTotalTokens - promptLen) };
}

function interpolate(quantiles: readonly number[], u: number): number {
  const x = u * (quantiles.length - 1), i = Math.floor(x);
  const lo = quantiles[i], hi = quantiles[Math.min(i + 1, quantiles.length - 1)];
  return Math.round(lo + (hi - lo) * (x - i));
}
