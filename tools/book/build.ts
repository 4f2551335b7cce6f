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
 * kernel. Executes through `tools/notebook_executor.ts`, as
 * `deno task notebooks` does.
 *
 * @module
 */
import { basename, join } from "node:path";
import { chapterNotebooks } from "../../testing/notebook_cells.ts";
import { repoRoot } from "../install_kernel.ts";
import { executeNotebook, NotebookError, okLine, privateKernel } from "../notebook_executor.ts";
import type { Notebook } from "../nbformat.ts";
import { renderNotebook, titleAndSummary } from "./render_notebook.ts";
import { bookPages, writeSite } from "./site.ts";

/** The chapter, or a NotebookError naming the notebook (bad TeX, no title). */
function render(name: string, executed: Notebook) {
  try {
    return renderNotebook(executed);
  } catch (error) {
    throw new NotebookError([`FAIL ${name}: ${(error as Error).message}`], 1);
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const root = repoRoot();
  const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
  const { tmp, env } = await privateKernel("stallfree-book-");
  const outDir = join(tmp, "out");
  await Deno.mkdir(outDir);
  try {
    const chapters = [];
    for (const path of chapterNotebooks(root)) {
      const start = performance.now();
      const name = basename(path, ".ipynb");
      const executed = await executeNotebook(path, outDir, env);
      console.log(okLine(name, executed, (performance.now() - start) / 1000));
      chapters.push({ ...render(name, executed), href: `${name}.html` });
    }
    const readme = await Deno.readTextFile(join(root, "README.md"));
    const pages = bookPages(titleAndSummary(readme, { maxLength: Infinity }).summary, chapters);
    await writeSite(join(root, "site"), pages);
    console.log(`Wrote site/index.html and ${chapters.length} chapters in ${seconds(started)} s`);
    await Deno.remove(tmp, { recursive: true });
    return 0;
  } catch (error) {
    const { message, exitCode } = error instanceof NotebookError
      ? error
      : { message: `FAIL ${(error as Error).message}`, exitCode: 1 };
    console.error(message);
    if (exitCode === 1) console.error(`Executed copies kept in ${outDir}`);
    else await Deno.remove(tmp, { recursive: true });
    return exitCode;
  }
}

if (import.meta.main) Deno.exit(await main());
