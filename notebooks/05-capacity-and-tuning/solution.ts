/**
 * Chapter 5's exercise, solved: the capacity search.
 *
 * @module
 */
import type { SearchOptions, SearchResult } from "./types.ts";

/**
 * The highest rate where `isSloMet` holds, assuming it is monotone (met at a
 * rate, met at every lower one). Probe `startQps`; while the SLO holds,
 * double (never past `maxQps`) until a probe fails; while it fails, halve
 * (never below `minQps`) until one holds, and throw a `RangeError` when
 * `minQps` fails too. Then bisect: probe the midpoint of the holding and
 * failing rates until the failing one is within `precision` of the holding
 * one (`fail - hold <= precision * hold`).
 *
 * @example
 * ```ts
 * import { capacitySearch } from "stallfree/notebooks/05-capacity-and-tuning/solution.ts";
 * import { assertEquals } from "@std/assert";
 * const result = capacitySearch((qps) => qps <= 5, { precision: 0.1 });
 * assertEquals(result, { capacityQps: 5, failQps: 5.5, probes: [1, 2, 4, 8, 6, 5, 5.5] });
 * ```
 */
export function capacitySearch(
  isSloMet: (qps: number) => boolean,
  options: SearchOptions = {},
): SearchResult {
  const { startQps = 1, minQps = 1 / 16, maxQps = 1024, precision = 0.02 } = options;
  const probes: number[] = [];
  const probe = (qps: number) => {
    probes.push(qps);
    return isSloMet(qps);
  };
  // bracket: the SLO holds at `hold` and fails at `fail` (null while none has failed)
  let hold = startQps, fail: number | null = null;
  if (probe(startQps)) {
    while (fail === null && hold < maxQps) {
      const next = Math.min(2 * hold, maxQps);
      if (probe(next)) hold = next;
      else fail = next;
    }
  } else {
    do {
      if (hold === minQps) {
        throw new RangeError(
          `No rate meets the SLO: it failed at every rate down to ${minQps} QPS`,
        );
      }
      fail = hold;
      hold = Math.max(hold / 2, minQps);
    } while (!probe(hold));
  }
  // bisect
  while (fail !== null && fail - hold > precision * hold) {
    const mid = (hold + fail) / 2;
    if (probe(mid)) hold = mid;
    else fail = mid;
  }
  return { capacityQps: hold, failQps: fail, probes };
}
