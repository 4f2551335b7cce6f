/**
 * The real-front-end smoke test: runs one chapter in Debian's classic Jupyter
 * Notebook, driven by headless Chromium the way a reader clicks Cell > Run
 * All, and checks what the page shows.
 *
 * ```sh
 * deno run -A tools/book/smoke_notebook.ts [notebook.ipynb] [--runs N] [--screenshot PATH]
 * ```
 *
 * Defaults: the first chapter, 6 runs, and `site/screenshots/notebook-smoke.png`.
 * The first run clicks Cell > Run All on the freshly opened notebook; each
 * later run restarts the kernel, clears the outputs and clicks it again.
 * Fails on an error output, stderr mentioning "Error", a cell that did not
 * run, a chart without a visible SVG (classic Notebook shows each chart's
 * `text/html` SVG, as it cannot draw Vega-Lite v5), an output under another
 * cell (a result `Out[n]` under a prompt other than `In [n]`, or a cell whose
 * outputs differ between runs), or a request leaving the server. The server gets a temporary copy of the notebook and temporary
 * Jupyter folders, so the repo and the user's Jupyter setup stay untouched.
 * Prints `ok NAME (N cells, M charts, R runs, via HOW, S s)`, or one
 * `FAIL NAME: ...` line per problem, or `FAIL NAME (while STAGE): ...` when a stage fails or
 * times out (a screenshot is still attempted); exits 1 on a failure, 2 on bad
 * arguments. Does not check interactivity.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
import type { Page } from "./chromium.ts";
import { chapterNotebooks } from "../../testing/notebook_cells.ts";
import { kernelSpec, repoRoot, writeKernelSpec } from "../install_kernel.ts";
import { BROWSER_TIMEOUT_MS, launchChromium } from "./chromium.ts";
import { startNotebookServer } from "./notebook_server.ts";
import { type CellReport, runAllCells, watchRequests } from "./classic_notebook.ts";
import { placementProblems, smokeProblems } from "./smoke_checks.ts";

const NEXT_FRAME =
  "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))";
const USAGE =
  "Usage: deno run -A tools/book/smoke_notebook.ts [notebook.ipynb] [--runs N] [--screenshot PATH]";

/** What {@linkcode parseSmokeArgs} reads. */
export interface SmokeOptions {
  /** The notebook to run; the first chapter when absent. */
  notebook?: string;
  /** How many Run Alls. @default {6} */
  runs: number;
  /** Where the screenshot of the last run goes. */
  screenshot: string;
}

/**
 * Reads the command line: an optional notebook, `--runs N` and `--screenshot PATH`.
 *
 * @example
 * ```ts
 * import { parseSmokeArgs } from "stallfree/tools/book/smoke_notebook.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(parseSmokeArgs(["a.ipynb", "--screenshot", "shot.png", "--runs=2"]), {
 *   notebook: "a.ipynb",
 *   runs: 2,
 *   screenshot: "shot.png",
 * });
 * assertEquals(parseSmokeArgs([]), {
 *   notebook: undefined,
 *   runs: 6,
 *   screenshot: "site/screenshots/notebook-smoke.png",
 * });
 * assertThrows(() => parseSmokeArgs(["a.ipynb", "b.ipynb"]), TypeError, "Expected one notebook but found b.ipynb too");
 * assertThrows(() => parseSmokeArgs(["--runs", "0"]), TypeError, "Expected --runs to be an integer >= 1 but found 0");
 * ```
 */
export function parseSmokeArgs(args: string[]): SmokeOptions {
  const rest = [...args];
  let notebook: string | undefined;
  let screenshot = join("site", "screenshots", "notebook-smoke.png");
  let runs = 6;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const flag = arg.split("=")[0];
    if (flag === "--screenshot" || flag === "--runs") {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : rest.shift();
      if (!value) throw new TypeError(`Expected a value after ${flag} but found none`);
      if (flag === "--screenshot") screenshot = value;
      else if (/^[1-9]\d*$/.test(value)) runs = Number(value);
      else throw new TypeError(`Expected --runs to be an integer >= 1 but found ${value}`);
    } else if (arg.startsWith("-")) {
      throw new TypeError(`Expected a notebook, --runs N or --screenshot PATH but found ${arg}`);
    } else if (notebook !== undefined) {
      throw new TypeError(`Expected one notebook but found ${arg} too`);
    } else {
      notebook = arg;
    }
  }
  return { notebook, runs, screenshot };
}

/**
 * Runs the smoke test on `notebookPath`, with every temporary file under
 * `tmp`; returns the problems found and a summary. Throws naming the stage
 * that failed, after a best-effort screenshot.
 */
async function smoke(notebookPath: string, options: SmokeOptions, tmp: string) {
  const { screenshot } = options;
  const started = performance.now();
  let stage = "preparing temporary folders";
  const cleanups: (() => Promise<void>)[] = [];
  let page: Page | undefined;
  try {
    const jupyterPath = join(tmp, "jupyter");
    await writeKernelSpec(join(jupyterPath, "kernels"), kernelSpec(repoRoot(), Deno.execPath()));
    // A copy, so neither an autosave nor a checkpoint can touch the repo's notebook.
    const copy = join("chapter", basename(notebookPath));
    await Deno.mkdir(join(tmp, "notebooks", "chapter"), { recursive: true });
    await Deno.copyFile(notebookPath, join(tmp, "notebooks", copy));
    await Deno.mkdir(dirname(resolve(screenshot)), { recursive: true });

    stage = "starting Jupyter Notebook";
    const server = await startNotebookServer(join(tmp, "notebooks"), { tmp, jupyterPath });
    cleanups.unshift(server.stop);
    stage = "launching Chromium";
    const chromium = await launchChromium();
    cleanups.unshift(chromium.close);
    page = await chromium.browser.newPage();
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await page.setViewport({ width: 1200, height: 900 });
    const blocked = await watchRequests(page, server.origin);

    stage = "opening the notebook";
    await page.goto(server.notebookUrl(copy), { waitUntil: "load" });
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
    await fullPageScreenshot(page, screenshot);
    problems.push(
      ...placementProblems(runs),
      ...[...blocked].map((url) => `blocked a request to ${url}`),
    );
    const cells = runs[0];
    const numCharts = cells.reduce((sum, cell) => sum + cell.numCharts, 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    return {
      problems,
      summary: `${cells.length} cells, ${numCharts} charts, ${runs.length} runs, via ${
        [...vias].join(" and ")
      }, ${seconds} s`,
    };
  } catch (error) {
    if (page) await fullPageScreenshot(page, screenshot).catch(() => {});
    throw new Error(`(while ${stage}): ${(error as Error).message}`);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/**
 * Classic Notebook scrolls inside `#site`, so a full-page shot would show one
 * window's worth; make the window as tall as the notebook instead.
 */
async function fullPageScreenshot(page: Page, path: string): Promise<void> {
  const header = await page.$eval("#header", (element) => element.getBoundingClientRect().height);
  const site = await page.$eval("#site", (element) => element.scrollHeight);
  await page.setViewport({ width: 1200, height: Math.ceil(header + site) });
  await page.evaluate(NEXT_FRAME); // a shot taken at once can show outputs at stale positions
  await page.screenshot({ path });
}

async function main(args: string[]): Promise<number> {
  let options: SmokeOptions;
  try {
    options = parseSmokeArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const notebook = resolve(options.notebook ?? chapterNotebooks(repoRoot())[0] ?? "");
  const name = basename(notebook, ".ipynb");
  if (!(await Deno.stat(notebook).then((info) => info.isFile, () => false))) {
    console.error(`FAIL smoke: Expected a notebook file at ${notebook} but found none`);
    return 1;
  }
  const tmp = await Deno.makeTempDir({ prefix: "stallfree-smoke-" });
  try {
    const { problems, summary } = await smoke(notebook, options, tmp);
    for (const problem of problems) console.log(`FAIL ${name}: ${problem}`);
    if (problems.length === 0) console.log(`ok ${name} (${summary})`);
    console.log(`screenshot: ${options.screenshot}`);
    return problems.length === 0 ? 0 : 1;
  } catch (error) {
    console.log(`FAIL ${name} ${(error as Error).message}`);
    return 1;
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
