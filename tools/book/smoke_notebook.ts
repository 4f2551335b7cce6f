/**
 * The real-front-end smoke test: runs chapters in Debian's classic Jupyter
 * Notebook, driven by headless Chromium the way a reader clicks Cell > Run
 * All, and checks what the page shows.
 *
 * ```sh
 * deno run -A tools/book/smoke_notebook.ts [notebook.ipynb...] [--runs N] [--screenshots DIR]
 * ```
 *
 * Defaults: every chapter, 6 runs each, screenshots in `site/screenshots/`
 * (`notebook-smoke-NAME.png`, after the last run). The first run clicks
 * Cell > Run All on the freshly opened notebook; each later run restarts the
 * kernel, clears the outputs and clicks it again. Fails on an error output,
 * stderr mentioning "Error", a cell that did not run, a chart without a
 * visible SVG (classic Notebook shows each chart's `text/html` SVG, as it
 * cannot draw Vega-Lite v5), an output under another cell (a result `Out[n]`
 * under a prompt other than `In [n]`, or a cell whose outputs differ from
 * what most runs show), or a request leaving the server. The server gets
 * temporary copies of the notebooks and temporary Jupyter folders, so the
 * repo and the user's Jupyter setup stay untouched. Prints
 * `ok NAME (N cells, M charts, R runs, via HOW, S s)`, or one
 * `FAIL NAME: ...` line per problem, or `FAIL NAME (while STAGE): ...` when a
 * stage fails or times out (a screenshot is still attempted), then
 * `smoke: N passed, M failed`; exits 1 on a failure, 2 on bad arguments.
 * Does not check interactivity.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { chapterNotebooks } from "../../testing/notebook_cells.ts";
import { kernelSpec, repoRoot, writeKernelSpec } from "../install_kernel.ts";
import { BROWSER_TIMEOUT_MS, type Chromium, launchChromium } from "./chromium.ts";
import { type NotebookServer, startNotebookServer } from "./notebook_server.ts";
import {
  type CellReport,
  runAllCells,
  screenshotNotebook,
  watchRequests,
} from "./classic_notebook.ts";
import { parseSmokeArgs, type SmokeOptions } from "./smoke_args.ts";
import { placementProblems, smokeProblems } from "./smoke_checks.ts";

const USAGE =
  "Usage: deno run -A tools/book/smoke_notebook.ts [notebook.ipynb...] [--runs N] [--screenshots DIR]";

/** What one notebook's smoke test needs: the running server and browser, and the options. */
interface Harness {
  server: NotebookServer;
  chromium: Chromium;
  /** The server's notebook folder, where the notebook is copied. */
  notebookDir: string;
  options: SmokeOptions;
}

/**
 * Runs Run All `options.runs` times on a copy of `notebookPath`, in a new
 * tab; returns the problems found and a summary. Throws naming the stage that
 * failed, after a best-effort screenshot.
 */
async function smoke(notebookPath: string, harness: Harness) {
  const { server, chromium, notebookDir, options } = harness;
  const name = basename(notebookPath, ".ipynb");
  const screenshot = join(options.screenshots, `notebook-smoke-${name}.png`);
  const started = performance.now();
  let stage = "opening the notebook";
  const page = await chromium.browser.newPage();
  try {
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await page.setViewport({ width: 1200, height: 900 });
    const blocked = await watchRequests(page, server.origin);
    // A copy, so neither an autosave nor a checkpoint can touch the repo's notebook.
    await Deno.copyFile(notebookPath, join(notebookDir, basename(notebookPath)));
    await page.goto(server.notebookUrl(basename(notebookPath)), { waitUntil: "load" });
    const runs: CellReport[][] = [];
    const problems: string[] = [];
    const vias = new Set<string>();
    for (let run = 1; run <= options.runs; run++) {
      const onStage = (name: string) => (stage = `run ${run}: ${name}`);
      const { via, cells } = await runAllCells(page, onStage, { restart: run > 1 });
      vias.add(via);
      runs.push(cells);
      problems.push(...smokeProblems(cells).map((problem) => `run ${run}, ${problem}`));
    }
    stage = "saving the screenshot";
    await screenshotNotebook(page, screenshot);
    problems.push(
      ...placementProblems(runs),
      ...[...blocked].map((url) => `blocked a request to ${url}`),
    );
    const numCharts = runs[0].reduce((sum, cell) => sum + cell.numCharts, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const via = [...vias].join(" and ");
    return {
      problems,
      summary: `${
        runs[0].length
      } cells, ${numCharts} charts, ${runs.length} runs, via ${via}, ${seconds} s`,
    };
  } catch (error) {
    await screenshotNotebook(page, screenshot).catch(() => {});
    throw new Error(`(while ${stage}): ${(error as Error).message}`);
  } finally {
    await page.close();
  }
}

/** Starts the server and the browser, smoke-tests each notebook, prints its lines. */
async function smokeAll(notebooks: string[], options: SmokeOptions, tmp: string) {
  const jupyterPath = join(tmp, "jupyter");
  await writeKernelSpec(join(jupyterPath, "kernels"), kernelSpec(repoRoot(), Deno.execPath()));
  const notebookDir = join(tmp, "notebooks");
  await Deno.mkdir(notebookDir, { recursive: true });
  await Deno.mkdir(options.screenshots, { recursive: true });
  let stage = "starting Jupyter Notebook";
  const cleanups: (() => Promise<void>)[] = [];
  let numFailed = 0;
  try {
    const server = await startNotebookServer(notebookDir, { tmp, jupyterPath });
    cleanups.unshift(server.stop);
    stage = "launching Chromium";
    const chromium = await launchChromium();
    cleanups.unshift(chromium.close);
    for (const notebook of notebooks) {
      const name = basename(notebook, ".ipynb");
      try {
        const { problems, summary } = await smoke(notebook, {
          server,
          chromium,
          notebookDir,
          options,
        });
        for (const problem of problems) console.log(`FAIL ${name}: ${problem}`);
        if (problems.length === 0) console.log(`ok ${name} (${summary})`);
        else numFailed += 1;
      } catch (error) {
        console.log(`FAIL ${name} ${(error as Error).message}`);
        numFailed += 1;
      }
    }
  } catch (error) {
    console.log(`FAIL smoke (while ${stage}): ${(error as Error).message}`);
    return notebooks.length;
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
  return numFailed;
}

async function main(args: string[]): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const notebooks = options.notebooks.length > 0
    ? options.notebooks.map((path) => resolve(path))
    : chapterNotebooks(repoRoot());
  for (const notebook of notebooks) {
    if (!(await Deno.stat(notebook).then((info) => info.isFile, () => false))) {
      console.error(`FAIL smoke: Expected a notebook file at ${notebook} but found none`);
      return 1;
    }
  }
  if (new Set(notebooks.map((path) => basename(path))).size < notebooks.length) {
    console.error("FAIL smoke: Expected notebooks with different file names but found a repeat");
    return 2;
  }
  const tmp = await Deno.makeTempDir({ prefix: "stallfree-smoke-" });
  try {
    const numFailed = await smokeAll(notebooks, options, tmp);
    console.log(`screenshots: ${options.screenshots}`);
    console.log(`smoke: ${notebooks.length - numFailed} passed, ${numFailed} failed`);
    return numFailed === 0 ? 0 : 1;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
