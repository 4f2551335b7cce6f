/**
 * The course's one notebook executor: runs a notebook under the real Deno
 * Jupyter kernel through `tools/execute_notebook.py` (jupyter_client), which
 * keeps every output under its cell even when the Deno kernel sends it after
 * the cell's idle status (nbconvert drops it, or files it under the next
 * cell), and names every cell that failed. `deno task notebooks`
 * (`tools/execute_notebooks.ts`) and `deno task book` (`tools/book/build.ts`)
 * both run notebooks through it.
 * Stops a notebook at its first failing cell. Does not catch a rejected
 * promise nobody awaits (the kernel drops it silently);
 * `tests/notebooks_test.ts` does.
 *
 * @module
 */
import { basename, join } from "node:path";
import { firstLine } from "../testing/notebook_cells.ts";
import { KERNEL_NAME, kernelSpec, repoRoot, writeKernelSpec } from "./install_kernel.ts";
import type { Notebook } from "./nbformat.ts";

/** Debian's Python, which has Debian's Jupyter; a pyenv `python3` on PATH may not. */
const PYTHON = "/usr/bin/python3";
const APT_PACKAGES = "python3-jupyter-client python3-nbformat python3-ipykernel";
const UNCAUGHT = /\bUncaught\b/;

/** A notebook that could not be executed, or ran with problems: one `FAIL` line each. */
export class NotebookError extends Error {
  /**
   * An error whose message is the lines, one per line.
   *
   * @example
   * ```ts
   * import { NotebookError } from "stallfree/tools/notebook_executor.ts";
   * import { assertEquals } from "@std/assert";
   * const error = new NotebookError(["FAIL 00-tour, code cell 2: boom", "FAIL 00-tour: more"], 1);
   * assertEquals(error.message, "FAIL 00-tour, code cell 2: boom\nFAIL 00-tour: more");
   * ```
   */
  constructor(
    /** The `FAIL` lines. */
    readonly lines: string[],
    /** 1 for a failing notebook, 2 when Jupyter is missing. */
    readonly exitCode: 1 | 2,
  ) {
    super(lines.join("\n"));
  }
}

const joined = (text: string | string[] | undefined) =>
  Array.isArray(text) ? text.join("") : text ?? "";
// The kernelspec sets NO_COLOR, but a colour code in a one-line report is unreadable anyway.
// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const oneLine = (text: string) => text.replace(ANSI, "").trim().replace(/\s*\n\s*/g, " ");

/**
 * One line per problem in an executed notebook: an `error` output, stderr text
 * that looks like an uncaught error, or metadata naming another kernel. Code
 * cells are numbered from 1, as `tests/notebooks_test.ts` numbers them.
 *
 * @example
 * ```ts
 * import { notebookProblems } from "stallfree/tools/notebook_executor.ts";
 * import { assertEquals } from "@std/assert";
 * const executed = {
 *   metadata: { kernelspec: { name: "stallfree" } },
 *   cells: [
 *     { cell_type: "markdown", source: "# Tour" },
 *     { cell_type: "code", source: "1 + 1", outputs: [] },
 *     {
 *       cell_type: "code",
 *       source: ["engine.step();\n", "x"],
 *       outputs: [{ output_type: "error", ename: "RangeError", evalue: "Expected x >= 1" }],
 *     },
 *   ],
 * };
 * assertEquals(notebookProblems("00-tour", executed), [
 *   "FAIL 00-tour, code cell 2 (first line: engine.step();): RangeError: Expected x >= 1",
 * ]);
 * ```
 */
export function notebookProblems(name: string, executed: Notebook): string[] {
  const problems: string[] = [];
  const kernel = executed.metadata?.kernelspec?.name;
  if (kernel !== KERNEL_NAME) {
    problems.push(
      `FAIL ${name}: Expected metadata.kernelspec.name to be "${KERNEL_NAME}" but found ${
        JSON.stringify(kernel)
      }`,
    );
  }
  const code = executed.cells.filter((cell) => cell.cell_type === "code");
  code.forEach((cell, index) => {
    const where = `FAIL ${name}, code cell ${index + 1} (first line: ${
      firstLine(joined(cell.source))
    })`;
    for (const output of cell.outputs ?? []) {
      const { ename, evalue } = output;
      if (output.output_type === "error") {
        const hint = evalue === "Execution failed"
          ? " (the kernel gives no detail: a cell that does not parse? deno test tests/notebooks_test.ts names the line)"
          : "";
        problems.push(`${where}: ${ename}: ${oneLine(evalue ?? "")}${hint}`);
      } else if (output.name === "stderr" && UNCAUGHT.test(joined(output.text))) {
        const line = joined(output.text).split("\n").find((text) => UNCAUGHT.test(text)) ?? "";
        problems.push(`${where}: uncaught error on stderr: ${oneLine(line)}`);
      }
    }
  });
  return problems;
}

/**
 * A temporary folder holding a private copy of the course's kernelspec, and
 * the environment that makes Jupyter find it first (through `JUPYTER_PATH`),
 * whichever checkout installed the user's own last (a CI clone, say).
 */
export async function privateKernel(
  prefix: string,
): Promise<{ tmp: string; env: Record<string, string> }> {
  const tmp = await Deno.makeTempDir({ prefix });
  await writeKernelSpec(join(tmp, "jupyter", "kernels"), kernelSpec(repoRoot(), Deno.execPath()));
  const jupyterPath = [join(tmp, "jupyter"), Deno.env.get("JUPYTER_PATH")].filter(Boolean);
  return { tmp, env: { NO_COLOR: "1", JUPYTER_PATH: jupyterPath.join(":") } };
}

const missingJupyter = () =>
  new NotebookError([
    `FAIL Expected ${PYTHON} with jupyter_client and nbformat but found none: install ` +
    `Debian's packages with apt-get install -y ${APT_PACKAGES}`,
  ], 2);

/**
 * Runs the notebook at `path` under the kernel into `outDir` (same file name)
 * and returns the executed copy; throws a {@linkcode NotebookError} naming
 * each failing cell. `env` comes from {@linkcode privateKernel}.
 */
export async function executeNotebook(
  path: string,
  outDir: string,
  env: Record<string, string>,
): Promise<Notebook> {
  const name = basename(path, ".ipynb");
  if (!(await Deno.stat(path).then((info) => info.isFile, () => false))) {
    throw new NotebookError(
      [`FAIL ${name}: Expected a notebook file at ${path} but found none`],
      1,
    );
  }
  const out = join(outDir, `${name}.ipynb`);
  const script = join(repoRoot(), "tools", "execute_notebook.py");
  const command = new Deno.Command(PYTHON, { args: [script, path, out], env, stderr: "piped" });
  const { code, stderr } = await command.output().catch((error) => {
    throw error instanceof Deno.errors.NotFound ? missingJupyter() : error;
  });
  if (code === 2) throw missingJupyter();
  if (code !== 0) {
    const detail = oneLine(new TextDecoder().decode(stderr).trim().split("\n").at(-1) ?? "");
    throw new NotebookError([
      `FAIL ${name}: ${basename(script)} exited with code ${code}: ${detail}`,
    ], 1);
  }
  const executed: Notebook = JSON.parse(await Deno.readTextFile(out));
  const problems = notebookProblems(name, executed);
  if (problems.length > 0) throw new NotebookError(problems, 1);
  return executed;
}

/** The `ok` line for an executed notebook. */
export function okLine(name: string, executed: Notebook, seconds: number): string {
  const numCells = executed.cells.filter((cell) => cell.cell_type === "code").length;
  return `ok ${name} (${numCells} cells, ${seconds.toFixed(1)} s)`;
}
