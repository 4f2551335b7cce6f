/**
 * Builds the course as a static HTML book in `site/`: executes every chapter
 * notebook under the real Deno Jupyter kernel, then renders the executed
 * copies (index, one page per chapter, local assets; works offline).
 *
 * ```sh
 * deno run -A tools/book/build.ts      # deno task book
 * ```
 *
 * Prints `ok <name> (<cells> cells, <seconds> s)` per chapter, then what it
 * wrote. Stops at the first cell that fails, naming the notebook and the
 * cell, and exits 1 (executed copies are kept, and named); exits 2 when
 * Debian's Jupyter packages are missing. `LAB_IMPL` passes through to the
 * kernel. Uses `tools/book/execute_notebook.py` rather than nbconvert, which
 * drops results the Deno kernel sends after its idle status.
 *
 * @module
 */
import { basename, join } from "node:path";
import { chapterNotebooks } from "../../testing/notebook_cells.ts";
import { notebookProblems } from "../execute_notebooks.ts";
import { kernelSpec, repoRoot, writeKernelSpec } from "../install_kernel.ts";
import { type Cell, renderNotebook, titleAndSummary } from "./render_notebook.ts";
import { bookPages, writeSite } from "./site.ts";

/** Debian's Python, which has Debian's Jupyter; a pyenv `python3` on PATH may not. */
const PYTHON = "/usr/bin/python3";
const APT_PACKAGES = "python3-jupyter-client python3-nbformat";

class BuildError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2) {
    super(message);
  }
}

const missingJupyter = () =>
  new BuildError(
    `FAIL Expected ${PYTHON} with jupyter_client and nbformat but found none: install ` +
      `Debian's packages with apt-get install -y ${APT_PACKAGES}`,
    2,
  );

/** Runs one notebook through the kernel into `<tmp>/out`; returns the executed notebook. */
async function execute(path: string, tmp: string, env: Record<string, string>) {
  const name = basename(path, ".ipynb");
  const out = join(tmp, "out", `${name}.ipynb`);
  const script = join(repoRoot(), "tools/book/execute_notebook.py");
  const command = new Deno.Command(PYTHON, { args: [script, path, out], env, stderr: "piped" });
  const { code, stderr } = await command.output().catch((error) => {
    if (error instanceof Deno.errors.NotFound) throw missingJupyter();
    throw error;
  });
  if (code === 2) throw missingJupyter();
  if (code !== 0) {
    const detail = new TextDecoder().decode(stderr).trim().split("\n").at(-1);
    throw new BuildError(
      `FAIL ${name}: ${basename(script)} exited with code ${code}: ${detail}`,
      1,
    );
  }
  const executed = JSON.parse(await Deno.readTextFile(out));
  const problems = notebookProblems(name, executed);
  if (problems.length > 0) throw new BuildError(problems.join("\n"), 1);
  return executed as { cells: Cell[] };
}

/** The chapter, or a BuildError naming the notebook (bad TeX, no title). */
function render(name: string, executed: { cells: Cell[] }) {
  try {
    return renderNotebook(executed);
  } catch (error) {
    throw new BuildError(`FAIL ${name}: ${(error as Error).message}`, 1);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const root = repoRoot();
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  const tmp = await Deno.makeTempDir({ prefix: "stallfree-book-" });
  // A private kernelspec, found first through JUPYTER_PATH, as tools/execute_notebooks.ts does.
  await writeKernelSpec(join(tmp, "jupyter", "kernels"), kernelSpec(root, Deno.execPath()));
  const jupyterPath = [join(tmp, "jupyter"), Deno.env.get("JUPYTER_PATH")].filter(Boolean);
  const env = { NO_COLOR: "1", JUPYTER_PATH: jupyterPath.join(":") };
  await Deno.mkdir(join(tmp, "out"));
  try {
    const chapters = [];
    for (const path of chapterNotebooks(root)) {
      const start = performance.now();
      const name = basename(path, ".ipynb");
      const executed = await execute(path, tmp, env);
      const numCells = executed.cells.filter((cell) => cell.cell_type === "code").length;
      console.log(`ok ${name} (${numCells} cells, ${seconds(start)} s)`);
      chapters.push({ ...render(name, executed), href: `${name}.html` });
    }
    const readme = await Deno.readTextFile(join(root, "README.md"));
    const pages = bookPages(titleAndSummary(readme, { maxLength: Infinity }).summary, chapters);
    await writeSite(join(root, "site"), pages);
    console.log(`Wrote site/index.html and ${chapters.length} chapters in ${seconds(started)} s`);
    await Deno.remove(tmp, { recursive: true });
    return 0;
  } catch (error) {
    const { message, exitCode } = error instanceof BuildError
      ? error
      : { message: `FAIL ${(error as Error).message}`, exitCode: 1 };
    console.error(message);
    if (exitCode === 1) console.error(`Executed copies kept in ${join(tmp, "out")}`);
    else await Deno.remove(tmp, { recursive: true });
    return exitCode;
  }
}

if (import.meta.main) Deno.exit(await main());
