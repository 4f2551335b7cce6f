/**
 * Chapter 5's checks: the capacity search on predicates whose answer is known,
 * on an SLO nothing meets, and on real timed runs against the library's
 * search, shared word for word by the notebook and `deno test`.
 *
 * @module
 */
import { capacity, capacityProbe, workloadAtRate } from "stallfree";
import { type LabImpl, loadLab } from "../lab.ts";
import type { Check } from "../grading.ts";
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";
import type * as Solution from "./solution.ts";

/** What the exercise must provide: `capacitySearch`. */
export type Lab = typeof Solution;

/**
 * Loads this chapter's exercise afresh and prints the file's path: `impl`, or
 * by default `solution.ts` (`starter.ts` when `LAB_IMPL=starter`).
 *
 * @example
 * ```ts
 * import { loadExercise } from "stallfree/notebooks/05-capacity-and-tuning/checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(typeof (await loadExercise("solution")).capacitySearch, "function");
 * ```
 */
export function loadExercise(impl?: LabImpl): Promise<Lab> {
  return loadLab<Lab>("05-capacity-and-tuning", impl, console.log);
}

/** A predicate that holds up to `limit`, recording the rates it was asked about. */
function limitAt(limit: number) {
  const asked: number[] = [];
  return { asked, isSloMet: (qps: number) => (asked.push(qps), qps <= limit) };
}

/** `assertEquals`, its first line naming what was checked, the value expected and the value found. */
function expectEqual<T>(actual: T, expected: T, what: string): void {
  const message = `${what}: expected ${JSON.stringify(expected)} but found ${
    JSON.stringify(actual)
  }`;
  assertEquals(actual, expected, message);
}

/**
 * On SLOs that hold up to a known rate, the answer holds, the failing rate
 * above it fails, and the two are within 2%; each rate is asked once, in the
 * order reported. Returns each limit's answer and probe count.
 *
 * @example
 * ```ts
 * import { checkBracketsKnownLimits } from "stallfree/notebooks/05-capacity-and-tuning/checks.ts";
 * import { capacitySearch } from "stallfree/notebooks/05-capacity-and-tuning/solution.ts";
 * checkBracketsKnownLimits(capacitySearch);
 * ```
 */
export function checkBracketsKnownLimits(
  capacitySearch: Lab["capacitySearch"],
): { limit: number; capacityQps: number; failQps: number | null; probes: number }[] {
  return [0.3, 1, 5, 13.7, 700].map((limit) => {
    const { asked, isSloMet } = limitAt(limit);
    const { capacityQps, failQps, probes } = capacitySearch(isSloMet);
    expectEqual(probes, asked, `limit ${limit}, probes (every rate asked, once, in order)`);
    const found = `limit ${limit}: found ${JSON.stringify({ capacityQps, failQps, probes })}`;
    assertLessOrEqual(capacityQps, limit, `the answer holds, so it is at most the ${found}`);
    assert(failQps !== null && failQps > limit, `failQps fails, so it is above the ${found}`);
    assertLessOrEqual(
      failQps - capacityQps,
      0.02 * capacityQps,
      `failQps within 2% of the answer, ${found}`,
    );
    assertLessOrEqual(
      probes.length,
      22,
      `at most 22 probes, a bracket and a bisection, not a scan, ${found}`,
    );
    return { limit, capacityQps, failQps, probes: probes.length };
  });
}

/**
 * The probes follow the recipe exactly: up from 1 by doubling, then
 * midpoints; down by halving when 1 fails; up to `maxQps` and no further.
 * Returns the worked case's probes.
 *
 * @example
 * ```ts
 * import { checkProbeOrder } from "stallfree/notebooks/05-capacity-and-tuning/checks.ts";
 * import { capacitySearch } from "stallfree/notebooks/05-capacity-and-tuning/solution.ts";
 * checkProbeOrder(capacitySearch);
 * ```
 */
export function checkProbeOrder(capacitySearch: Lab["capacitySearch"]): number[] {
  const worked = capacitySearch(limitAt(5).isSloMet);
  expectEqual(worked.probes, [1, 2, 4, 8, 6, 5, 5.5, 5.25, 5.125, 5.0625], "limit 5, probes");
  expectEqual([worked.capacityQps, worked.failQps], [5, 5.0625], "limit 5, [capacityQps, failQps]");
  const down = capacitySearch(limitAt(0.3).isSloMet, { startQps: 4, precision: 0.1 });
  expectEqual(down.probes.slice(0, 5), [4, 2, 1, 0.5, 0.25], "limit 0.3 from startQps 4, halving");
  const capped = capacitySearch(() => true, { maxQps: 100 });
  const expected = { capacityQps: 100, failQps: null, probes: [1, 2, 4, 8, 16, 32, 64, 100] };
  expectEqual(capped, expected, "an SLO always met, maxQps 100 (never past it)");
  return worked.probes;
}

/**
 * An SLO that fails even at `minQps` is refused with a `RangeError`, after
 * halving down to `minQps` and no further. Returns the rates asked.
 *
 * @example
 * ```ts
 * import { checkRefusesNoCapacity } from "stallfree/notebooks/05-capacity-and-tuning/checks.ts";
 * import { capacitySearch } from "stallfree/notebooks/05-capacity-and-tuning/solution.ts";
 * checkRefusesNoCapacity(capacitySearch);
 * ```
 */
export function checkRefusesNoCapacity(capacitySearch: Lab["capacitySearch"]): number[] {
  const { asked, isSloMet } = limitAt(0.01);
  const answer = (() => {
    try {
      return capacitySearch(isSloMet, { minQps: 0.25 });
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  })();
  const refusal = "an SLO met only below minQps 0.25: expected a RangeError but found";
  assertEquals(answer, undefined, `${refusal} ${JSON.stringify(answer)}`);
  expectEqual(asked, [1, 0.5, 0.25], "an SLO met only below minQps 0.25, the rates asked");
  return asked;
}

/**
 * On real timed runs (chat lengths, 256 requests, Llama-2-7B on A100, budget
 * 512, P99 TBT within 100 ms and median scheduling delay within 2 s), the
 * search is reproducible and agrees with the library's, probe for probe.
 * Returns the answer and the probes.
 *
 * @example
 * ```ts
 * import { checkOnTimedRuns } from "stallfree/notebooks/05-capacity-and-tuning/checks.ts";
 * import { capacitySearch } from "stallfree/notebooks/05-capacity-and-tuning/solution.ts";
 * checkOnTimedRuns(capacitySearch);
 * ```
 */
export function checkOnTimedRuns(
  capacitySearch: Lab["capacitySearch"],
): { capacityQps: number; probes: number[] } {
  const offered = workloadAtRate({ lengths: "chat" }, { numRequests: 256, seed: 0 });
  const options = { profile: "llama2-7b-a100" as const, sloTbtMs: 100 };
  const probe = capacityProbe(offered, { maxNumBatchedTokens: 512 }, options);
  const isSloMet = (qps: number) => probe(qps).isSloMet;
  const first = capacitySearch(isSloMet, { minQps: 1 / 16 });
  assertEquals(
    capacitySearch(isSloMet, { minQps: 1 / 16 }),
    first,
    "the same runs, the same answer",
  );
  const library = capacity(probe, { minQps: 1 / 16 });
  expectEqual(first.probes, library.probes.map((p) => p.qps), "the library's probes");
  expectEqual(first.capacityQps, library.capacityQps, "the library's answer");
  return { capacityQps: first.capacityQps, probes: first.probes };
}

/** The named checks `deno test`, `deno task grade` and the notebook run, in order. */
export const CHECKS: Check<Lab>[] = [
  {
    name: "capacitySearch(): brackets known limits to 2%, each rate asked once",
    exercise: "capacitySearch",
    run: (lab) => checkBracketsKnownLimits(lab.capacitySearch).map((r) => r.capacityQps),
  },
  {
    name: "capacitySearch(): doubles, halves, bisects, stops at maxQps",
    exercise: "capacitySearch",
    run: (lab) => checkProbeOrder(lab.capacitySearch),
  },
  {
    name: "capacitySearch(): an SLO nothing meets is refused",
    exercise: "capacitySearch",
    run: (lab) => checkRefusesNoCapacity(lab.capacitySearch),
  },
  {
    name: "capacitySearch(): reproducible on timed runs, probe for probe the library's",
    exercise: "capacitySearch",
    run: (lab) => checkOnTimedRuns(lab.capacitySearch).capacityQps,
  },
];
