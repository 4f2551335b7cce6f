/**
 * The tests every chapter's exercise gets: each named check on the file
 * `LAB_IMPL` chooses (the learner's `starter.ts` when grading), and a test of
 * the tests, that the untouched starter fails every exercise check with a
 * message naming the function to write.
 *
 * @module
 */
import { type Check, runChecks } from "../notebooks/grading.ts";
import { labImpl, loadLab } from "../notebooks/lab.ts";
import { assert, assertEquals } from "@std/assert";

/**
 * Registers a chapter's exercise tests with `Deno.test`: one per check in
 * `checks`, against `starter.ts` or `solution.ts` as `LAB_IMPL` says, and one
 * that the untouched starter fails every exercise check (skipped when grading
 * a starter, which is meant to pass). Engine checks (`kind: "engine"`) do not
 * use the learner's code, so only the first kind of test runs them.
 *
 * @example
 * ```ts ignore
 * import { CHECKS } from "stallfree/notebooks/00-engine-tour/checks.ts";
 * import { testChapterChecks } from "stallfree/testing/chapter_tests.ts";
 * testChapterChecks("00-engine-tour", CHECKS);
 * ```
 */
export function testChapterChecks<Lab>(chapter: string, checks: readonly Check<Lab>[]): void {
  const label = `chapter ${Number(chapter.slice(0, 2))}`;
  for (const check of checks) {
    Deno.test(`${label}: ${check.name} (${labImpl()}.ts)`, async () => {
      check.run(await loadLab<Lab>(chapter));
    });
  }
  Deno.test({
    name:
      `${label}: the untouched starter fails every exercise check, naming the function to write`,
    ignore: labImpl() === "starter",
  }, async () => {
    const exercises = checks.filter((check) => (check.kind ?? "exercise") === "exercise");
    const results = runChecks(await loadLab<Lab>(chapter, "starter"), exercises);
    assertEquals(results.map((r) => r.passed), exercises.map(() => false));
    for (const { exercise, detail } of results) {
      assert(detail.includes(`Not implemented yet: write ${exercise}(`), detail);
    }
  });
}
