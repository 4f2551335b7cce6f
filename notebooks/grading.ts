/**
 * A chapter's named checks as data: `deno test`, `deno task grade` and the
 * notebooks run the same list, and a notebook's later sections fall back to
 * the reference for each exercise the learner has not finished yet.
 *
 * @module
 */
import { loadLab } from "./lab.ts";

/** One named check of one exercise function; `run` throws when it fails and returns what it measured. */
export interface Check<Lab> {
  /** What the check asserts, as a test name reads. */
  name: string;
  /** The exported function it grades, e.g. `"numPrefillSteps"`. */
  exercise: keyof Lab & string;
  /** Throws (an `AssertionError`, or the starter's "Not implemented yet") when it fails. */
  run: (lab: Lab) => unknown;
}

/** The outcome of one check. */
export interface CheckResult {
  /** The check's name. */
  name: string;
  /** The function it grades. */
  exercise: string;
  /** `true` when it passed. */
  passed: boolean;
  /** What it measured when it passed, else the first line of its error. */
  detail: string;
}

const firstLineOf = (error: unknown) =>
  (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0];

/**
 * Runs every check against `lab`, catching each failure, in order.
 *
 * @example
 * ```ts
 * import { runChecks } from "stallfree/notebooks/grading.ts";
 * import { assertEquals } from "@std/assert";
 * const lab = { double: (x: number) => x + x };
 * const results = runChecks(lab, [
 *   { name: "doubles 2", exercise: "double", run: (l) => l.double(2) },
 *   { name: "throws", exercise: "double", run: () => { throw new RangeError("no"); } },
 * ]);
 * assertEquals(results.map((r) => [r.passed, r.detail]), [[true, "4"], [false, "RangeError: no"]]);
 * ```
 */
export function runChecks<Lab>(lab: Lab, checks: readonly Check<Lab>[]): CheckResult[] {
  return checks.map(({ name, exercise, run }) => {
    try {
      const measured = run(lab);
      return {
        name,
        exercise,
        passed: true,
        detail: measured === undefined ? "" : JSON.stringify(measured),
      };
    } catch (error) {
      return { name, exercise, passed: false, detail: firstLineOf(error) };
    }
  });
}

/**
 * For each exercise function in `lab`: the learner's own when every check of
 * it passes, else the reference `solution.ts`'s, with one printed line saying
 * which and why. Later notebook sections use what this returns, so an
 * unfinished exercise does not erase them.
 *
 * @example
 * ```ts
 * import { passingOrReference } from "stallfree/notebooks/grading.ts";
 * import { CHECKS } from "stallfree/notebooks/01-chunked-prefill/checks.ts";
 * import { assertEquals } from "@std/assert";
 * const notYet = (): never => { throw new Error("Not implemented yet"); };
 * const unfinished = { numPrefillSteps: notYet, twoPromptTtfts: notYet } as
 *   typeof import("stallfree/notebooks/01-chunked-prefill/solution.ts");
 * const lines: string[] = [];
 * const lab = await passingOrReference("01-chunked-prefill", unfinished, CHECKS, (l) => lines.push(l));
 * assertEquals(lab.numPrefillSteps(256, 32, 2048), 8);
 * assertEquals(lines.length, 2);
 * ```
 */
export async function passingOrReference<Lab extends object>(
  chapter: string,
  lab: Lab,
  checks: readonly Check<Lab>[],
  say: (line: string) => void = console.log,
): Promise<Lab> {
  const failed = new Map<string, string>();
  for (const result of runChecks(lab, checks)) {
    if (!result.passed && !failed.has(result.exercise)) failed.set(result.exercise, result.detail);
  }
  if (failed.size === 0) return lab;
  const reference = await loadLab<Lab>(chapter, "solution");
  const merged = { ...lab };
  for (const [exercise, why] of failed) {
    Reflect.set(merged, exercise, Reflect.get(reference, exercise));
    say(
      `${exercise} does not pass its checks yet (${why}): the sections below use the reference, solution.ts`,
    );
  }
  return merged;
}
