/**
 * Turns a notebook's code cells into one TypeScript module, so `deno test`
 * can run a chapter top to bottom the way a reader's kernel does, and name
 * the cell that failed. Cells share one module scope, as they share the
 * kernel's. Does not check rich outputs or reproduce the kernel's leniency:
 * redeclaring a `const` in a later cell, which the kernel allows, fails here.
 *
 * @module
 */

/** One code cell, numbered from 1 among the notebook's code cells. */
export interface CodeCell {
  /** 1-based position among code cells, counting skipped ones, as a reader counts. */
  number: number;
  /** The cell's source, joined when the notebook stores it as lines. */
  source: string;
}

/** The global that the generated module sets to the number of the cell about to run. */
export const CELL_MARKER = "__stallfreeCell";

const NO_TEST = /^\s*\/\/.*\bno-test\b/;
const MARKER_LINE = new RegExp(
  `^;\\(globalThis as Record<string, unknown>\\)\\.${CELL_MARKER} = (\\d+);$`,
);

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : JSON.stringify(value) ?? String(value);
}

function sourceOf(cell: Record<string, unknown>, where: string): string {
  const { source } = cell;
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((line) => typeof line === "string")) {
    return source.join("");
  }
  throw new TypeError(
    `Expected ${where}.source to be a string or an array of strings but found ${describe(source)}`,
  );
}

/**
 * The code cells of a parsed `.ipynb`, in order, leaving out cells whose first
 * line is a `//` comment containing `no-test` (cells that only make sense in a
 * live kernel).
 *
 * @example
 * ```ts
 * import { codeCells } from "stallfree/testing/notebook_cells.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const notebook = {
 *   cells: [
 *     { cell_type: "markdown", source: "# Title" },
 *     { cell_type: "code", source: ["const x = 1;\n", "x"] },
 *     { cell_type: "code", source: "// no-test: waits for a click\nawait click();" },
 *     { cell_type: "code", source: "x + 1" },
 *   ],
 * };
 * assertEquals(codeCells(notebook), [
 *   { number: 1, source: "const x = 1;\nx" },
 *   { number: 3, source: "x + 1" },
 * ]);
 * assertThrows(
 *   () => codeCells({ cells: [{ cell_type: "code", source: 42 }] }),
 *   TypeError,
 *   "Expected cells[0].source to be a string or an array of strings but found 42",
 * );
 * ```
 */
export function codeCells(notebook: unknown): CodeCell[] {
  const cells = (notebook as { cells?: unknown } | null)?.cells;
  if (!Array.isArray(cells)) {
    throw new TypeError(`Expected notebook.cells to be an array but found ${describe(cells)}`);
  }
  const result: CodeCell[] = [];
  let number = 0;
  cells.forEach((cell, index) => {
    if (typeof cell !== "object" || cell === null) {
      throw new TypeError(`Expected cells[${index}] to be an object but found ${describe(cell)}`);
    }
    if (cell.cell_type !== "code") return;
    number += 1;
    const source = sourceOf(cell, `cells[${index}]`);
    if (!NO_TEST.test(source.split("\n")[0])) result.push({ number, source });
  });
  return result;
}

/**
 * One module running `cells` in order. Before each cell it sets
 * `globalThis[CELL_MARKER]` to the cell's number, on a line of its own that
 * starts with `;` so a cell's last line cannot run on into the next cell.
 * Refuses `import.meta`, which works in a module but fails in the kernel.
 *
 * @example
 * ```ts
 * import { cellsModule } from "stallfree/testing/notebook_cells.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(
 *   cellsModule([{ number: 1, source: "const x = 1;" }, { number: 3, source: "x" }]),
 *   "// Generated from notebook code cells by testing/notebook_cells.ts\n" +
 *     ";(globalThis as Record<string, unknown>).__stallfreeCell = 1;\nconst x = 1;\n" +
 *     ";(globalThis as Record<string, unknown>).__stallfreeCell = 3;\nx\n",
 * );
 * assertThrows(
 *   () => cellsModule([{ number: 2, source: "import.meta.url" }]),
 *   TypeError,
 *   "Expected code cell 2 not to use import.meta (it fails in the Jupyter kernel) but found it",
 * );
 * ```
 */
export function cellsModule(cells: readonly CodeCell[]): string {
  const parts = ["// Generated from notebook code cells by testing/notebook_cells.ts\n"];
  for (const { number, source } of cells) {
    if (/\bimport\.meta\b/.test(source)) {
      throw new TypeError(
        `Expected code cell ${number} not to use import.meta (it fails in the Jupyter kernel) but found it`,
      );
    }
    parts.push(`;(globalThis as Record<string, unknown>).${CELL_MARKER} = ${number};\n`);
    parts.push(source.endsWith("\n") ? source : `${source}\n`);
  }
  return parts.join("");
}

/** Where a line of a {@linkcode cellsModule} module came from. */
export interface CellLine {
  /** The code cell's number. */
  number: number;
  /** The 1-based line within that cell. */
  line: number;
}

/**
 * Maps line `line` (1-based) of a {@linkcode cellsModule} module back to its
 * cell and the line within it, or `undefined` for the header. Parse and import
 * errors are raised before any cell runs, so this is how they name a cell.
 *
 * @example
 * ```ts
 * import { cellAtLine, cellsModule } from "stallfree/testing/notebook_cells.ts";
 * import { assertEquals } from "@std/assert";
 * const module = cellsModule([{ number: 1, source: "1;\n2;" }, { number: 4, source: "3;" }]);
 * assertEquals(cellAtLine(module, 1), undefined);
 * assertEquals(cellAtLine(module, 4), { number: 1, line: 2 });
 * assertEquals(cellAtLine(module, 5), { number: 1, line: 2 }); // the marker before cell 4
 * assertEquals(cellAtLine(module, 6), { number: 4, line: 1 });
 * ```
 */
export function cellAtLine(module: string, line: number): CellLine | undefined {
  let previous: CellLine | undefined;
  let found: CellLine | undefined;
  for (const text of module.split("\n").slice(0, Math.max(0, line))) {
    const match = MARKER_LINE.exec(text);
    if (match) [previous, found] = [found, { number: Number(match[1]), line: 0 }];
    else if (found) found.line += 1;
  }
  // A marker line itself is blamed on the cell before it: a cell left open
  // (an unclosed bracket or string) is reported where the next cell starts.
  return found?.line === 0 ? previous : found;
}

/**
 * The first non-blank line of a cell, trimmed and cut to `max` characters, to
 * name the cell in a message.
 *
 * @example
 * ```ts
 * import { firstLine } from "stallfree/testing/notebook_cells.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(firstLine("\n  const engine = new Engine();\n"), "const engine = new Engine();");
 * assertEquals(firstLine("x".repeat(70), 10), "xxxxxxxxx…");
 * ```
 */
export function firstLine(source: string, max = 60): string {
  const line = source.split("\n").map((text) => text.trim()).find((text) => text !== "") ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The chapter notebooks `notebooks/<NN-name>/<NN-name>.ipynb` under `root`, as
 * absolute paths in name order; skips dot folders such as
 * `.ipynb_checkpoints` and nbconvert's `*.nbconvert.ipynb` copies. The one
 * function here that reads the disk.
 *
 * @example
 * ```ts
 * import { chapterNotebooks } from "stallfree/testing/notebook_cells.ts";
 * import { assert } from "@std/assert";
 * assert(chapterNotebooks(Deno.cwd()).every((path) => /\/notebooks\/[^/]+\/[^/]+\.ipynb$/.test(path)));
 * ```
 */
export function chapterNotebooks(root: string): string[] {
  const dir = `${root.replace(/\/$/, "")}/notebooks`;
  const paths: string[] = [];
  const visible = (entry: Deno.DirEntry) => !entry.name.startsWith(".");
  for (const chapter of [...Deno.readDirSync(dir)].filter(visible)) {
    if (!chapter.isDirectory) continue;
    for (const file of [...Deno.readDirSync(`${dir}/${chapter.name}`)].filter(visible)) {
      if (file.isFile && file.name.endsWith(".ipynb") && !file.name.endsWith(".nbconvert.ipynb")) {
        paths.push(`${dir}/${chapter.name}/${file.name}`);
      }
    }
  }
  return paths.sort();
}
