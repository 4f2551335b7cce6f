/**
 * Chapter 5's exercise: the capacity search. Replace the `throw` with your
 * code, then run the notebook (or `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type { SearchOptions, SearchResult } from "./types.ts";

/**
 * The highest rate where `isSloMet` holds, assuming it is monotone (met at a
 * rate, met at every lower one). Probe `startQps` (default 1); while the SLO
 * holds, double (never past `maxQps`, default 1024) until a probe fails;
 * while it fails, halve (never below `minQps`, default 1/16) until one holds,
 * and throw a `RangeError` when `minQps` fails too. Then bisect: probe the
 * midpoint of the holding and failing rates until the failing one is within
 * `precision` (default 0.02) of the holding one. Return the answer, the
 * failing rate (`null` if none failed) and every rate probed, in order.
 */
export function capacitySearch(
  isSloMet: (qps: number) => boolean,
  options: SearchOptions = {},
): SearchResult {
  throw new Error(
    `Not implemented yet: write capacitySearch(isSloMet, options) in notebooks/05-capacity-and-tuning/starter.ts (called with a ${typeof isSloMet} isSloMet and options ${
      JSON.stringify(options)
    })`,
  );
}
