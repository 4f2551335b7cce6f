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
  /**
   * `"engine"` for a check that tests the course's engine rather than the
   * learner's code: `deno task grade` lists it apart and leaves it out of the
   * count. Default `"exercise"`.
   */
  kind?: "exercise" | "engine";
}

/** The outcome of one check. */
export interface CheckResult {
  /** The check's name. */
  name: string;
  /** The function it grades. */
  exercise: string;
  /** Whether it grades the learner's `exercise`, the course's `engine`, or runs the `notebook`. */
  kind: "exercise" | "engine" | "notebook";
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
 * assertEquals(results.map((r) => [r.kind, r.passed, r.detail]), [
 *   ["exercise", true, "4"],
 *   ["exercise", false, "RangeError: no"],
 * ]);
 * ```
 */
export function runChecks<Lab>(lab: Lab, checks: readonly Check<Lab>[]): CheckResult[] {
  return checks.map(({ name, exercise, run, kind = "exercise" }) => {
    try {
      const measured = run(lab);
      const detail = measured === undefined ? "" : JSON.stringify(measured);
      return { name, exercise, kind, passed: true, detail };
    } catch (error) {
      return { name, exercise, kind, passed: false, detail: firstLineOf(error) };
    }
  });
}

/**
 * Runs `body`, a notebook cell's calls into the exercise. While the exercise
 * is still the untouched starter, its "Not implemented yet" error becomes one
 * printed line and the cell ends normally, so Run All goes on to the sections
 * below, which fall back to the reference ({@linkcode passingOrReference}).
 * Any other error, such as a failed check, propagates and stops the run where
 * the learner sees it.
 *
 * @example
 * ```ts
 * import { runExercise } from "stallfree/notebooks/grading.ts";
 * import { assertEquals, assertRejects } from "@std/assert";
 * const lines: string[] = [];
 * await runExercise(() => { throw new Error("Not implemented yet: write f(x)"); }, (l) => lines.push(l));
 * assertEquals(lines, ["Error: Not implemented yet: write f(x) (the cells below go on)"]);
 * await assertRejects(() => runExercise(() => { throw new RangeError("wrong"); }), RangeError, "wrong");
 * ```
 */
export async function runExercise(
  body: () => unknown,
  say: (line: string) => void = console.log,
): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("Not implemented yet")) throw error;
    say(`${firstLineOf(error)} (the cells below go on)`);
  }
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
