/**
 * Drives classic Jupyter Notebook's page in puppeteer: waits for the kernel,
 * runs every cell from the Cell menu (after Kernel > Restart & Clear Output
 * for a second run), waits for them to finish, reads back what each code
 * cell shows, and screenshots the whole notebook. Classic Notebook 6 only;
 * JupyterLab's page differs.
 *
 * @module
 */
import type { Page } from "./chromium.ts";

/** How long the page and its kernel may take to be ready, in milliseconds. */
export const KERNEL_TIMEOUT_MS = 60_000;

/** How long Run All may take, in milliseconds. */
export const RUN_TIMEOUT_MS = 5 * 60_000;

/** What one code cell showed after Run All, as read from the page. */
export interface CellReport {
  /** 1-based among code cells. */
  number: number;
  /** The first line of its source. */
  firstLine: string;
  /** Whether it ran: it has an execution count. Empty cells never do. */
  hasRun: boolean;
  /** The count in its `In [n]` prompt, if it ran. */
  executionCount: number | null;
  /** Each output, in order: `Out[n]` for a result (n its own count), else its type or stream. */
  outputs: string[];
  /** Whether its source is blank. */
  isEmpty: boolean;
  /** The text of each error output. */
  errors: string[];
  /** The text of each stderr output. */
  stderr: string[];
  /** Outputs carrying a chart (their `text/plain` reads "Chart: title"). */
  numCharts: number;
  /** HTML outputs holding an SVG of non-zero size. */
  numVisibleSvgs: number;
}

/** How Run All was started: the real menu, or the API when clicking did not start it. */
export type RunAllVia = "Cell > Run All" | "Jupyter.notebook.execute_all_cells()";

// The slice of the page's globals used below, typed without the DOM library.
interface Box {
  width: number;
  height: number;
}
interface PageElement {
  textContent: string | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getBoundingClientRect(): Box;
}
interface NotebookCell {
  cell_type: string;
  input_prompt_number?: number | string | null;
  element: PageElement[];
  get_text(): string;
  output_area?: { outputs: CellOutput[] };
}
interface CellOutput {
  output_type: string;
  name?: string;
  execution_count?: number | null;
  data?: Record<string, unknown>;
}
interface PageGlobals {
  Jupyter?: {
    notebook?: {
      _fully_loaded?: boolean;
      kernel?: {
        is_connected(): boolean;
        /** Per request: whether its reply and its idle status have come. */
        _msg_callbacks?: Record<string, { shell_done?: boolean; iopub_done?: boolean }>;
      } | null;
      get_cells(): NotebookCell[];
      execute_all_cells(): void;
      restart_clear_output(options: { confirm: boolean }): Promise<unknown>;
    };
  };
}

/** Aborts every request not bound for `origin` (or `data:`/`blob:`); returns the aborted URLs. */
export async function watchRequests(page: Page, origin: string): Promise<Set<string>> {
  const blocked = new Set<string>();
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith(`${origin}/`) || /^(data|blob):/.test(url)) return void request.continue();
    blocked.add(url);
    void request.abort("blockedbyclient");
  });
  return blocked;
}

/**
 * Waits for the notebook and an idle kernel, runs all cells, and reports each
 * code cell. With `restart`, first restarts the kernel and clears every
 * output, as Kernel > Restart & Clear Output does.
 */
export async function runAllCells(
  page: Page,
  onStage: (stage: string) => void,
  options: { restart?: boolean } = {},
): Promise<{ via: RunAllVia; cells: CellReport[] }> {
  onStage("waiting for the notebook to load");
  await within(
    "the notebook to load",
    page.waitForFunction(
      () => (globalThis as PageGlobals).Jupyter?.notebook?._fully_loaded === true,
      { timeout: KERNEL_TIMEOUT_MS },
    ),
  );
  if (options.restart) {
    onStage("restarting the kernel and clearing the outputs");
    await within(
      "the kernel to restart",
      page.evaluate(() =>
        (globalThis as PageGlobals).Jupyter?.notebook?.restart_clear_output({ confirm: false })
          .then(() => true)
      ),
    );
  }
  onStage("waiting for the kernel");
  await within(
    "the kernel to connect",
    page.waitForFunction(
      () => (globalThis as PageGlobals).Jupyter?.notebook?.kernel?.is_connected() === true,
      { timeout: KERNEL_TIMEOUT_MS },
    ),
  );
  await within(
    "the kernel to be idle",
    page.waitForSelector("#kernel_indicator_icon.kernel_idle_icon", { timeout: KERNEL_TIMEOUT_MS }),
  );
  onStage("clicking Cell > Run All");
  const via = await clickRunAll(page);
  onStage("waiting for the cells to finish");
  await waitForCells(page);
  onStage("reading the outputs");
  return { via, cells: await page.evaluate(readCells) };
}

/** Rewords a wait's timeout as what was expected. */
function within<T>(expectation: string, wait: Promise<T>): Promise<T> {
  return wait.catch((error) => {
    throw new Error(
      `Expected ${expectation} within ${
        KERNEL_TIMEOUT_MS / 1000
      } s but it did not (${error.message})`,
    );
  });
}

/**
 * Counts code cells queued or running (`In [*]`), and requests whose idle
 * status has not come yet: the page gets a cell's reply (which sets its
 * prompt) and its outputs on separate channels, so a cell can show `In [n]`
 * before its outputs arrive.
 */
function countRunning(): number {
  const notebook = (globalThis as PageGlobals).Jupyter?.notebook;
  const cells = notebook?.get_cells() ?? [];
  const requests = Object.values(notebook?.kernel?._msg_callbacks ?? {});
  return cells.filter((cell) => cell.input_prompt_number === "*").length +
    requests.filter((request) => request.iopub_done === false).length;
}

/** Whether any code cell has been queued or has run. */
function hasStarted(): boolean {
  const cells = (globalThis as PageGlobals).Jupyter?.notebook?.get_cells() ?? [];
  return cells.some((cell) => cell.cell_type === "code" && cell.input_prompt_number != null);
}

/** Clicks Cell > Run All; falls back to the API if the menu did not start any cell. */
async function clickRunAll(page: Page): Promise<RunAllVia> {
  try {
    await page.click("#celllink");
    await page.waitForSelector("#run_all_cells > a", { visible: true, timeout: 5_000 });
    await page.click("#run_all_cells > a");
    await page.waitForFunction(hasStarted, { timeout: 5_000 });
    return "Cell > Run All";
  } catch {
    await page.evaluate(() => (globalThis as PageGlobals).Jupyter?.notebook?.execute_all_cells());
    return "Jupyter.notebook.execute_all_cells()";
  }
}

/** Waits until no cell shows `In [*]`, every output has come, and the kernel is idle. */
async function waitForCells(page: Page): Promise<void> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  let numRunning = 0;
  while (Date.now() < deadline) {
    numRunning = await page.evaluate(countRunning);
    const isIdle = (await page.$("#kernel_indicator_icon.kernel_idle_icon")) !== null;
    if (numRunning === 0 && isIdle) return;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(
    `Expected every cell to finish within ${
      RUN_TIMEOUT_MS / 1000
    } s but ${numRunning} still run or wait for output`,
  );
}

/** Runs in the page: what each code cell shows. */
function readCells(): CellReport[] {
  const cells = (globalThis as PageGlobals).Jupyter?.notebook?.get_cells() ?? [];
  const isVisible = (element: PageElement) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  return cells.filter((cell) => cell.cell_type === "code").map((cell, index) => {
    const element = cell.element[0];
    const texts = (selector: string) =>
      [...element.querySelectorAll(selector)].map((found) => found.textContent ?? "");
    const htmlOutputs = [...element.querySelectorAll(".output_html")];
    const outputs = cell.output_area?.outputs ?? [];
    const count = cell.input_prompt_number;
    return {
      number: index + 1,
      firstLine: cell.get_text().split("\n")[0],
      hasRun: typeof count === "number",
      executionCount: typeof count === "number" ? count : null,
      outputs: outputs.map((output) =>
        output.output_type === "execute_result"
          ? `Out[${output.execution_count}]`
          : output.name ?? output.output_type
      ),
      isEmpty: cell.get_text().trim() === "",
      errors: texts(".output_error"),
      stderr: texts(".output_stderr"),
      numCharts: outputs.filter((output) =>
        String(output.data?.["text/plain"] ?? "").startsWith("Chart: ")
      ).length,
      numVisibleSvgs: htmlOutputs.filter((html) =>
        [...html.querySelectorAll("svg")].some(isVisible)
      ).length,
    };
  });
}

const NEXT_FRAME =
  "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))";

/**
 * Saves a screenshot of the whole notebook at `path`. Classic Notebook
 * scrolls inside `#site`, so a full-page shot would show one window's worth;
 * this makes the window as tall as the notebook instead.
 */
export async function screenshotNotebook(page: Page, path: string): Promise<void> {
  const header = await page.$eval("#header", (element) => element.getBoundingClientRect().height);
  const site = await page.$eval("#site", (element) => element.scrollHeight);
  await page.setViewport({ width: 1200, height: Math.ceil(header + site) });
  await page.evaluate(NEXT_FRAME); // a shot taken at once can show outputs at stale positions
  await page.screenshot({ path });
}
