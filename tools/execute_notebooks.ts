/**
 * `deno task notebooks`: executes chapter notebooks under the real Deno
 * Jupyter kernel, as a reader's front end would, and fails on any cell that
 * errs (see `tools/notebook_executor.ts`).
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
 * kernel.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { chapterNotebooks } from "../testing/notebook_cells.ts";
import { repoRoot } from "./install_kernel.ts";
import { executeNotebook, NotebookError, okLine, privateKernel } from "./notebook_executor.ts";

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
  const { tmp, env } = await privateKernel("stallfree-notebooks-");
  const outDir = join(tmp, "out");
  await Deno.mkdir(outDir);
  let numFailed = 0;
  for (const path of notebooks) {
    const started = performance.now();
    try {
      const executed = await executeNotebook(path, outDir, env);
      const seconds = (performance.now() - started) / 1000;
      console.log(okLine(basename(path, ".ipynb"), executed, seconds));
    } catch (error) {
      if (!(error instanceof NotebookError)) throw error;
      for (const line of error.lines) console.log(line);
      if (error.exitCode === 2) {
        await Deno.remove(tmp, { recursive: true });
        return 2;
      }
      numFailed += 1;
    }
  }
  console.log(`notebooks: ${notebooks.length - numFailed} passed, ${numFailed} failed`);
  if (numFailed > 0) {
    console.log(`Executed copies kept in ${outDir}`);
    return 1;
  }
  await Deno.remove(tmp, { recursive: true });
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
