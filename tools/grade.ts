/**
 * Grades the learner's `starter.ts` of one chapter (or of every chapter):
 * runs the chapter's named checks, then its notebook's code cells headlessly,
 * both against the starter, and prints one pass/fail line per check.
 *
 * ```sh
 * deno task grade 01                      # chapter 01-chunked-prefill
 * deno task grade 03-tune-the-knobs
 * deno task grade                         # every chapter
 * ```
 *
 * Exits 0 when everything passed, 1 when a check failed, 2 for an unknown
 * chapter. Does not edit or copy any file.
 *
 * @module
 */
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { LAB_ROOT, labPath, loadLab } from "../notebooks/lab.ts";
import { type Check, type CheckResult, runChecks } from "../notebooks/grading.ts";
import { chapterNotebooks } from "../testing/notebook_cells.ts";

/**
 * The chapter folder `name` means: a folder name, or its number (`1`, `01`).
 *
 * @example
 * ```ts
 * import { resolveChapter } from "stallfree/tools/grade.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const chapters = ["00-engine-tour", "01-chunked-prefill"];
 * assertEquals(resolveChapter("1", chapters), "01-chunked-prefill");
 * assertEquals(resolveChapter("00-engine-tour", chapters), "00-engine-tour");
 * assertThrows(() => resolveChapter("7", chapters), RangeError,
 *   'Expected CHAPTER to be one of 00-engine-tour, 01-chunked-prefill (or its number) but found "7"');
 * ```
 */
export function resolveChapter(name: string, chapters: readonly string[]): string {
  const number = /^\d{1,2}$/.test(name) ? name.padStart(2, "0") : undefined;
  const found = chapters.find((c) => c === name || (number && c.startsWith(`${number}-`)));
  if (!found) {
    throw new RangeError(
      `Expected CHAPTER to be one of ${chapters.join(", ")} (or its number) but found ${
        JSON.stringify(name)
      }`,
    );
  }
  return found;
}

/**
 * The report for one chapter: a header naming the file graded, one line per
 * exercise check with a failure's message in full on the line below, the
 * count of exercise checks passed, then the checks that do not grade the
 * learner's code (the engine's, the notebook run), listed apart and not
 * counted, so an untouched starter scores 0.
 *
 * @example
 * ```ts
 * import { formatGrade } from "stallfree/tools/grade.ts";
 * import { assertEquals } from "@std/assert";
 * const text = formatGrade("02-decode-spikes", "/repo/notebooks/02-decode-spikes/starter.ts", [
 *   { name: "reproduces the profiles", exercise: "f", kind: "exercise", passed: true, detail: "" },
 *   { name: "holds the cap", exercise: "f", kind: "exercise", passed: false, detail: "Error: no" },
 *   { name: "never starves (engine)", exercise: "f", kind: "engine", passed: true, detail: "" },
 *   { name: "notebook cells", exercise: "", kind: "notebook", passed: true, detail: "" },
 * ]);
 * assertEquals(text.split("\n"), [
 *   "02-decode-spikes: /repo/notebooks/02-decode-spikes/starter.ts",
 *   "  PASS  reproduces the profiles",
 *   "  FAIL  holds the cap",
 *   "          Error: no",
 *   "  1 of 2 exercise checks passed",
 *   "  not counted (they run the course's engine and notebook, not only your code):",
 *   "  PASS  never starves (engine)",
 *   "  PASS  notebook cells",
 * ]);
 * ```
 */
export function formatGrade(chapter: string, file: string, results: CheckResult[]): string {
  const line = ({ name, passed, detail }: CheckResult) =>
    passed ? [`  PASS  ${name}`] : [`  FAIL  ${name}`, `          ${detail}`];
  const graded = results.filter((r) => r.kind === "exercise");
  const apart = results.filter((r) => r.kind !== "exercise");
  const passed = graded.filter((r) => r.passed).length;
  return [
    `${chapter}: ${file}`,
    ...graded.flatMap(line),
    `  ${passed} of ${graded.length} exercise checks passed`,
    ...(apart.length === 0 ? [] : [
      "  not counted (they run the course's engine and notebook, not only your code):",
      ...apart.flatMap(line),
    ]),
  ].join("\n");
}

/** Runs the chapter's notebook cells under `deno test` with `LAB_IMPL=starter`. */
async function notebookCells(chapter: string): Promise<CheckResult> {
  const name = "notebook cells, top to bottom";
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "test",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      "--allow-run",
      "--allow-sys",
      "tests/notebooks_test.ts",
      "--filter",
      `notebook ${chapter} runs every code cell`,
    ],
    cwd: LAB_ROOT,
    env: { LAB_IMPL: "starter", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (success) return { name, exercise: "", kind: "notebook", passed: true, detail: "" };
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  const line = text.split("\n").find((l) => l.includes(`notebook ${chapter}, `)) ?? "";
  const detail = line.replace(/^.*?notebook \S+, /, "") || "deno test failed";
  return { name, exercise: "", kind: "notebook", passed: false, detail };
}

/** Grades one chapter's starter; returns whether everything passed. */
async function gradeChapter(chapter: string): Promise<boolean> {
  const checksUrl = pathToFileURL(join(LAB_ROOT, "notebooks", chapter, "checks.ts")).href;
  const { CHECKS } = await import(checksUrl) as { CHECKS: Check<unknown>[] };
  const results = runChecks(await loadLab(chapter, "starter"), CHECKS);
  results.push(await notebookCells(chapter));
  console.log(formatGrade(chapter, labPath(chapter, "starter"), results));
  return results.every((r) => r.passed);
}

if (import.meta.main) {
  const chapters = chapterNotebooks(LAB_ROOT).map((path) => basename(path, ".ipynb"));
  let selected: string[];
  try {
    selected = Deno.args.length === 0
      ? chapters
      : Deno.args.map((arg) => resolveChapter(arg, chapters));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    Deno.exit(2);
  }
  let allPassed = true;
  for (const chapter of selected) allPassed = await gradeChapter(chapter) && allPassed;
  Deno.exit(allPassed ? 0 : 1);
}
