/**
 * Runs every chapter notebook's code cells under `deno test`, as one module
 * per notebook (see `testing/notebook_cells.ts`), with `LAB_IMPL` as the
 * environment sets it. `tools/execute_notebooks.ts` runs the same notebooks
 * under the real kernel; this is the fast check that names the failing cell.
 */
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assertEquals, assertRejects } from "@std/assert";
import {
  CELL_MARKER,
  cellAtLine,
  cellsModule,
  chapterNotebooks,
  type CodeCell,
  codeCells,
  firstLine,
} from "stallfree/testing/notebook_cells.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
// Inside the repo, so bare specifiers resolve through deno.json; gitignored.
const CELLS_DIR = `${ROOT}/.cells`;

/** `Deno.jupyter` throws outside the kernel; cells that call it still run here, output dropped. */
function installJupyterStub(): void {
  try {
    Reflect.get(Deno, "jupyter");
    return;
  } catch {
    // Not in the kernel: install the stand-in below.
  }
  const $display = Symbol.for("Jupyter.display");
  const format = async (value: unknown) => {
    const show = (value as Record<symbol, unknown> | null)?.[$display];
    return typeof show === "function"
      ? await show.call(value)
      : { "text/plain": Deno.inspect(value) };
  };
  const tagged = (mime: string) => (strings: TemplateStringsArray, ...values: unknown[]) => ({
    [$display]: () => ({ [mime]: String.raw(strings, ...values) }),
  });
  Reflect.set(Deno, "jupyter", {
    $display,
    format,
    display: async (value: unknown) => void await format(value),
    html: tagged("text/html"),
    md: tagged("text/markdown"),
    svg: tagged("image/svg+xml"),
    image: () => ({ [$display]: () => ({ "image/png": "" }) }),
    broadcast: async () => {},
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
// Deno colours the location inside a module-loading error's message unless
// NO_COLOR is set, which would hide `<module>:7:19` from the patterns below.
// deno-lint-ignore no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

/** Rewrites `module.ts:L:C` in an error's text as `code cell N line l:C`. */
function relocate(text: string, url: string, module: string): string {
  // Deno's code frame numbers the module's lines too: `6 | const z = ;`.
  const framed = text.replace(/^(\d+) \|/gm, (found, line) => {
    const at = cellAtLine(module, Number(line));
    return at ? `${at.line} |` : found;
  });
  return framed.replaceAll(
    new RegExp(`${escapeRegExp(url)}:(\\d+):(\\d+)`, "g"),
    (found, line, column) => {
      const at = cellAtLine(module, Number(line));
      return at ? `code cell ${at.number} line ${at.line}:${column}` : found;
    },
  );
}

function cellError(name: string, cells: CodeCell[], module: string, url: string, cause: unknown) {
  const text = stripAnsi(cause instanceof Error ? `${cause}\n${cause.stack ?? ""}` : String(cause));
  // The marker names the cell that was running; a parse or import error comes
  // before any cell runs, so its location in the module names the cell.
  const ran = Number(Reflect.get(globalThis, CELL_MARKER)) || undefined;
  const located = new RegExp(`${escapeRegExp(url)}:(\\d+):\\d+`).exec(text);
  const number = ran ?? (located ? cellAtLine(module, Number(located[1]))?.number : undefined);
  const cell = cells.find((c) => c.number === number);
  const where = cell
    ? `code cell ${cell.number} (first line: ${firstLine(cell.source)})`
    : "before its first code cell";
  const message = relocate(stripAnsi(String(cause)), url, module);
  return new Error(`notebook ${name}, ${where}: ${message}`, { cause });
}

/** Runs the code cells of the notebook at `path` as one module; rejects naming the failing cell. */
async function runNotebook(
  path: string,
  rewrite: (cells: CodeCell[]) => CodeCell[] = (cells) => cells,
): Promise<void> {
  const name = basename(path, ".ipynb");
  const cells = rewrite(codeCells(JSON.parse(await Deno.readTextFile(path))));
  const module = cellsModule(cells);
  await Deno.mkdir(CELLS_DIR, { recursive: true });
  const modulePath = `${CELLS_DIR}/${name}-${crypto.randomUUID()}.ts`;
  const url = pathToFileURL(modulePath).href;
  await Deno.writeTextFile(modulePath, module);
  installJupyterStub();
  Reflect.set(globalThis, CELL_MARKER, 0);
  try {
    await import(url);
  } catch (cause) {
    throw cellError(name, cells, module, url, cause);
  } finally {
    Reflect.deleteProperty(globalThis, CELL_MARKER);
    await Deno.remove(modulePath);
  }
}

const notebooks = chapterNotebooks(ROOT);
if (notebooks.length === 0) {
  Deno.test("notebooks/*/*.ipynb holds at least one chapter notebook", () => {
    throw new Error(`Expected at least one notebook at ${ROOT}/notebooks/*/*.ipynb but found none`);
  });
}
for (const path of notebooks) {
  Deno.test(`notebook ${basename(path, ".ipynb")} runs every code cell`, () => runNotebook(path));
}

/**
 * The cells as a learner with an untouched `starter.ts` runs them with Run
 * All: the exercise loads the starter. Every cell that calls the exercise
 * (`exercise.`) must do so inside `runExercise(`, which turns the starter's
 * "Not implemented yet" into one printed line, so the run goes on. After the
 * cell that falls back to the reference (`passingOrReference(`), only a cell
 * that checks an exercise (`checkName(exercise.`) may call it: later
 * sections use the fallback.
 */
function asUnfinishedLearner(cells: CodeCell[]): CodeCell[] {
  const fallback = cells.findIndex((cell) => cell.source.includes("passingOrReference("));
  return cells.map(({ number, source }, index) => {
    const body = source.split("\n").filter((line) => !/^const exercise = /.test(line)).join("\n");
    const isCheck = /\bcheck[A-Z]\w*\(exercise\./.test(body);
    if (fallback >= 0 && index > fallback && body.includes("exercise.") && !isCheck) {
      throw new Error(`Expected code cell ${number} to use the fallback, not exercise.`);
    }
    if (body.includes("exercise.") && !body.includes("runExercise(")) {
      throw new Error(`Expected code cell ${number} to call the exercise inside runExercise(`);
    }
    return { number, source: source.replace(/loadExercise\(\)/, 'loadExercise("starter")') };
  });
}

for (const path of notebooks) {
  Deno.test(
    `notebook ${basename(path, ".ipynb")} runs every section after its unfinished exercise`,
    async () => {
      const printed: string[] = [];
      const log = console.log;
      console.log = (...data: unknown[]) => void printed.push(data.map(String).join(" "));
      try {
        await runNotebook(path, asUnfinishedLearner);
      } finally {
        console.log = log;
      }
      const notYet = printed.filter((line) =>
        line.includes("Not implemented yet") && line.endsWith("(the cells below go on)")
      );
      assertEquals(notYet.length > 0, true, "the untouched starter failed no exercise cell");
    },
  );
}

/** Writes a notebook with these code cells under `.cells/`, runs `fn` on its path, cleans up. */
async function withNotebook(sources: (string | string[])[], fn: (path: string) => Promise<void>) {
  await Deno.mkdir(CELLS_DIR, { recursive: true });
  const dir = await Deno.makeTempDir({ dir: CELLS_DIR, prefix: "synthetic-" });
  const cells = sources.map((source) => ({ cell_type: "code", metadata: {}, outputs: [], source }));
  const notebook = { cells, metadata: {}, nbformat: 4, nbformat_minor: 5 };
  try {
    await Deno.writeTextFile(`${dir}/synthetic.ipynb`, JSON.stringify(notebook));
    await fn(`${dir}/synthetic.ipynb`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runNotebook() names the code cell that throws", async () => {
  await withNotebook(["const x = 1;", "throw new RangeError(`boom ${x}`);", "x"], async (path) => {
    await assertRejects(
      () => runNotebook(path),
      Error,
      "notebook synthetic, code cell 2 (first line: throw new RangeError(`boom ${x}`);): RangeError: boom 1",
    );
  });
});

Deno.test("runNotebook() shares top-level declarations across cells and skips no-test cells", async () => {
  const probe = "__stallfreeProbe";
  await withNotebook([
    ["const x = 20;\n", "x"], // a bare expression, which Jupyter would display
    "// no-test: only makes sense in a live kernel\nthrow new Error('skipped');",
    `const y = x + 1;\nReflect.set(globalThis, "${probe}", y);`,
  ], runNotebook);
  assertEquals(Reflect.get(globalThis, probe), 21);
  Reflect.deleteProperty(globalThis, probe);
});

Deno.test("runNotebook() names the code cell that does not parse", async () => {
  await withNotebook(["const x = 1;", "const y = 2;\nconst z = ;"], async (path) => {
    const error = await assertRejects(() => runNotebook(path), Error, "code cell 2 (first line: ");
    assertEquals(error.message.includes("code cell 2 line 2:"), true, error.message);
  });
});

Deno.test("runNotebook() names the code cell that imports something missing", async () => {
  const missingExport = 'import { noSuchExport } from "stallfree";\nnoSuchExport;';
  const missingFile = 'import { x } from "stallfree/no_such_file.ts";\nx;';
  for (const missing of [missingExport, missingFile]) {
    await withNotebook(["const a = 1;", "const b = 2;", missing], async (path) => {
      await assertRejects(() => runNotebook(path), Error, "notebook synthetic, code cell 3");
    });
  }
});

Deno.test("runNotebook() lets cells call Deno.jupyter, which throws outside the kernel", async () => {
  await withNotebook(
    ["await Deno.jupyter.display(Deno.jupyter.html`<b>step table</b>`);"],
    runNotebook,
  );
});
