/**
 * What classic Notebook must show after Run All, judged from the cells'
 * reports (see `classic_notebook.ts`): no error, every cell run, every chart
 * visible, and every output under the cell that produced it, the same in
 * every run. Each check returns one line per problem. Does not drive the
 * browser.
 *
 * @module
 */
import type { CellReport } from "./classic_notebook.ts";
import { oneLine } from "./page_checks.ts";

const where = (cell: CellReport) => `code cell ${cell.number} (first line: ${cell.firstLine})`;

/**
 * One line per problem in one Run All's cell reports: an error output, stderr
 * mentioning "Error", a cell that did not run, a chart without a visible SVG,
 * or a result (`Out[n]`) under a cell whose prompt is not `In [n]`.
 *
 * @example
 * ```ts
 * import { smokeProblems } from "stallfree/tools/book/smoke_checks.ts";
 * import { assertEquals } from "@std/assert";
 * const cell = {
 *   hasRun: true, isEmpty: false, errors: [], stderr: [], outputs: [], numCharts: 0, numVisibleSvgs: 0,
 * };
 * assertEquals(smokeProblems([
 *   { ...cell, number: 1, executionCount: 1, firstLine: "const x = 1;" },
 *   { ...cell, number: 2, executionCount: 2, firstLine: "chart(records);", numCharts: 1 },
 *   { ...cell, number: 3, executionCount: 3, firstLine: "x.y;", errors: ["TypeError: x.y is undefined"] },
 *   { ...cell, number: 4, executionCount: null, firstLine: "more();", hasRun: false },
 *   { ...cell, number: 5, executionCount: 5, firstLine: "wait();", outputs: ["Out[4]", "Out[5]"] },
 * ]), [
 *   "code cell 2 (first line: chart(records);): Expected 1 visible chart SVG but found 0",
 *   "code cell 3 (first line: x.y;): error output: TypeError: x.y is undefined",
 *   "code cell 4 (first line: more();): did not run",
 *   "code cell 5 (first line: wait();): Out[4] shows under In [5]: another cell's result",
 * ]);
 * ```
 */
export function smokeProblems(reports: CellReport[]): string[] {
  return reports.flatMap((cell) => {
    const problems = [
      ...cell.errors.map((text) => `error output: ${oneLine(text)}`),
      ...cell.stderr.filter((text) => text.includes("Error")).map((text) =>
        `stderr mentions Error: ${oneLine(text)}`
      ),
    ];
    if (!cell.hasRun && !cell.isEmpty) problems.push("did not run");
    if (cell.numVisibleSvgs < cell.numCharts) {
      const plural = cell.numCharts === 1 ? "" : "s";
      problems.push(
        `Expected ${cell.numCharts} visible chart SVG${plural} but found ${cell.numVisibleSvgs}`,
      );
    }
    const foreign = cell.outputs.filter((kind) =>
      kind.startsWith("Out[") && kind !== `Out[${cell.executionCount}]`
    );
    for (const kind of foreign) {
      problems.push(`${kind} shows under In [${cell.executionCount}]: another cell's result`);
    }
    return problems.map((problem) => `${where(cell)}: ${problem}`);
  });
}

/**
 * One line per run and code cell whose outputs differ from what that cell
 * shows in most runs (each run a restart, so the same notebook must show the
 * same outputs in each; ties go to the earliest run): an output that moved
 * to another cell in one run shows up here.
 *
 * @example
 * ```ts
 * import { placementProblems } from "stallfree/tools/book/smoke_checks.ts";
 * import { assertEquals } from "@std/assert";
 * const cell = (number: number, outputs: string[]) => ({
 *   number, firstLine: `cell${number}()`, outputs, executionCount: number, hasRun: true,
 *   isEmpty: false, errors: [], stderr: [], numCharts: 0, numVisibleSvgs: 0,
 * });
 * const good = [cell(1, ["display_data"]), cell(2, ["stdout"])];
 * const moved = [cell(1, []), cell(2, ["stdout", "display_data"])];
 * assertEquals(placementProblems([good, good, good]), []);
 * assertEquals(placementProblems([moved, good, good]), [
 *   "code cell 1 (first line: cell1()): run 1 shows [] but most runs show [display_data]",
 *   "code cell 2 (first line: cell2()): run 1 shows [stdout, display_data] but most runs show [stdout]",
 * ]);
 * ```
 */
export function placementProblems(runs: CellReport[][]): string[] {
  const list = (cell: CellReport | undefined) => `[${(cell?.outputs ?? []).join(", ")}]`;
  const numCells = Math.max(0, ...runs.map((cells) => cells.length));
  const usual = Array.from({ length: numCells }, (_, i) => mostCommon(runs.map((c) => list(c[i]))));
  return runs.flatMap((cells, run) =>
    cells.flatMap((cell, i) =>
      list(cell) === usual[i]
        ? []
        : [`${where(cell)}: run ${run + 1} shows ${list(cell)} but most runs show ${usual[i]}`]
    )
  );
}

/** The most frequent of `values`, the earliest on a tie. */
function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return values.reduce((a, b) => (counts.get(b)! > counts.get(a)! ? b : a));
}
