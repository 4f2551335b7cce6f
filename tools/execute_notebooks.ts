/**
 * Executes chapter notebooks under the real Deno Jupyter kernel, as a reader's
 * front end would, and fails on any cell that errs.
 *
 * ```sh
 * deno run -A tools/execute_notebooks.ts                 # every notebooks/<NN-name>/<NN-name>.ipynb
 * deno run -A tools/execute_notebooks.ts notebooks/00-engine-tour/00-engine-tour.ipynb
 * ```
 *
 * Prints `ok <name> (<cells> cells, <seconds> s)` per notebook, one `FAIL`
 * line per problem, then `notebooks: N passed, M failed`. Exits 1 on a
 * problem, 2 when Jupyter is missing. Executed copies go to a temporary
 * folder (kept, and named, only on failure). `LAB_IMPL` passes through to the
 * kernel. Does not catch a rejected promise nobody awaits (the kernel drops
 * it silently); `tests/notebooks_test.ts` does.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { chapterNotebooks, firstLine } from "../testing/notebook_cells.ts";
import { KERNEL_NAME, kernelSpec, repoRoot, writeKernelSpec } from "./install_kernel.ts";

const APT_PACKAGES = "jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel";
const UNCAUGHT = /\bUncaught\b/;

// The Deno kernel reports a cell that does not parse only in its execute
// reply, with no "error" output; with --allow-errors nbclient would then keep
// no trace of it. This hook, run on every failed reply, records it as one.
const NBCONVERT_CONFIG = `# Written by tools/execute_notebooks.ts.
from nbformat.v4 import new_output

def _record_error(cell, cell_index, execute_reply, **_):
    content = execute_reply["content"]
    if not any(output.get("output_type") == "error" for output in cell.outputs):
        cell.outputs.append(new_output("error", ename=content.get("ename", "Error"),
            evalue=content.get("evalue", ""), traceback=content.get("traceback", [])))

c.ExecutePreprocessor.on_cell_error = _record_error
`;

type Output = { output_type?: string; name?: string; text?: string | string[] };
type Cell = { cell_type?: string; source?: string | string[]; outputs?: Output[] };
type Notebook = { cells?: Cell[]; metadata?: { kernelspec?: { name?: string } } };

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
 * import { notebookProblems } from "stallfree/tools/execute_notebooks.ts";
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
  const code = (executed.cells ?? []).filter((cell) => cell.cell_type === "code");
  code.forEach((cell, index) => {
    const where = `FAIL ${name}, code cell ${index + 1} (first line: ${
      firstLine(joined(cell.source))
    })`;
    for (const output of cell.outputs ?? []) {
      const { ename, evalue } = output as { ename?: string; evalue?: string };
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

/** The line of nbconvert's stderr that names its exception, else its last line. */
function nbconvertError(stderr: string): string {
  const lines = stderr.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  return lines.findLast((line) => /^[\w.]*(Error|Exception)\b/.test(line)) ?? lines.at(-1) ?? "";
}

async function hasNbconvert(): Promise<boolean> {
  try {
    const command = new Deno.Command("jupyter", {
      args: ["nbconvert", "--version"],
      stdout: "null",
      stderr: "null",
    });
    return (await command.output()).success;
  } catch {
    return false;
  }
}

/** Executes one notebook into `<tmp>/out`; returns its lines (one `ok` line, or `FAIL` lines). */
async function executeNotebook(path: string, tmp: string, env: Record<string, string>) {
  const name = basename(path, ".ipynb");
  if (!(await Deno.stat(path).then((info) => info.isFile, () => false))) {
    return [`FAIL ${name}: Expected a notebook file at ${path} but found none`];
  }
  const started = performance.now();
  const { code, stderr } = await new Deno.Command("jupyter", {
    args: [
      "nbconvert",
      "--to=notebook",
      "--execute",
      "--allow-errors",
      `--ExecutePreprocessor.kernel_name=${KERNEL_NAME}`,
      "--ExecutePreprocessor.timeout=600",
      `--config=${join(tmp, "nbconvert_config.py")}`,
      `--output-dir=${join(tmp, "out")}`,
      path,
    ],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    const error = oneLine(nbconvertError(new TextDecoder().decode(stderr)));
    return [`FAIL ${name}: jupyter nbconvert exited with code ${code}: ${error}`];
  }
  const executed: Notebook = JSON.parse(await Deno.readTextFile(join(tmp, "out", `${name}.ipynb`)));
  const problems = notebookProblems(name, executed);
  const numCells = (executed.cells ?? []).filter((cell) => cell.cell_type === "code").length;
  return problems.length > 0 ? problems : [`ok ${name} (${numCells} cells, ${seconds} s)`];
}

async function main(args: string[]): Promise<number> {
  if (args.some((arg) => arg.startsWith("-"))) {
    console.error("Usage: deno run -A tools/execute_notebooks.ts [notebook.ipynb...]");
    return 2;
  }
  const root = repoRoot();
  const notebooks = args.length > 0 ? args.map((arg) => resolve(arg)) : chapterNotebooks(root);
  if (notebooks.length === 0) {
    console.error(
      `FAIL Expected at least one notebook at ${root}/notebooks/*/*.ipynb but found none`,
    );
    return 1;
  }
  if (!(await hasNbconvert())) {
    console.error(
      `FAIL jupyter nbconvert not found: install Debian's packages with ` +
        `apt-get install -y ${APT_PACKAGES}`,
    );
    return 2;
  }
  const tmp = await Deno.makeTempDir({ prefix: "stallfree-notebooks-" });
  // A private copy of the kernelspec, found first through JUPYTER_PATH: the
  // user's own names whichever checkout installed it last (a CI clone, say).
  await writeKernelSpec(join(tmp, "jupyter", "kernels"), kernelSpec(root, Deno.execPath()));
  await Deno.writeTextFile(join(tmp, "nbconvert_config.py"), NBCONVERT_CONFIG);
  const jupyterPath = [join(tmp, "jupyter"), Deno.env.get("JUPYTER_PATH")].filter(Boolean);
  const env = { NO_COLOR: "1", JUPYTER_PATH: jupyterPath.join(":") };
  let numFailed = 0;
  for (const path of notebooks) {
    const lines = await executeNotebook(path, tmp, env);
    if (lines[0].startsWith("FAIL")) numFailed += 1;
    for (const line of lines) console.log(line);
  }
  console.log(`notebooks: ${notebooks.length - numFailed} passed, ${numFailed} failed`);
  if (numFailed > 0) {
    console.log(`Executed copies kept in ${join(tmp, "out")}`);
    return 1;
  }
  await Deno.remove(tmp, { recursive: true });
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
