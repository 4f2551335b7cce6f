/**
 * What a page of the built book must satisfy once loaded in the browser: no
 * errors, no requests leaving the disk, every chart drawn, every link
 * resolving, no code line cut off. Each check returns one line per problem. Does not take
 * screenshots or decide which pages to load.
 *
 * @module
 */
import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "./chromium.ts";

/** How long a chart may take to reach `data-vega-rendered="true"`, in milliseconds. */
export const CHART_TIMEOUT_MS = 15_000;

/**
 * Whether a page may load `url` offline: only `file:`, `data:` and `blob:` URLs.
 *
 * @example
 * ```ts
 * import { isLocalUrl } from "stallfree/tools/book/page_checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(isLocalUrl("file:///repo/site/assets/vega.min.js"), true);
 * assertEquals(isLocalUrl("data:image/png;base64,AAAA"), true);
 * assertEquals(isLocalUrl("https://cdn.jsdelivr.net/npm/vega@5"), false);
 * assertEquals(isLocalUrl("http://127.0.0.1:8888/"), false);
 * ```
 */
export function isLocalUrl(url: string): boolean {
  return /^(file|data|blob):/i.test(url);
}

/**
 * The pages `page` must link to: the index links to every chapter, and each
 * chapter to the chapters before and after it in `chapters`' order.
 *
 * @example
 * ```ts
 * import { expectedLinks } from "stallfree/tools/book/page_checks.ts";
 * import { assertEquals } from "@std/assert";
 * const chapters = ["00-tour.html", "01-chunks.html", "02-spikes.html"];
 * assertEquals(expectedLinks("index.html", chapters), chapters);
 * assertEquals(expectedLinks("00-tour.html", chapters), ["01-chunks.html"]);
 * assertEquals(expectedLinks("01-chunks.html", chapters), ["00-tour.html", "02-spikes.html"]);
 * ```
 */
export function expectedLinks(page: string, chapters: string[]): string[] {
  if (page === "index.html") return [...chapters];
  const index = chapters.indexOf(page);
  return [chapters[index - 1], chapters[index + 1]].filter((name) => name !== undefined);
}

/**
 * Blocks every non-local request and records what goes wrong while the page
 * loads; the returned function lists it, one problem per line.
 */
export async function watchPage(page: Page): Promise<() => string[]> {
  const blocked = new Set<string>();
  const failed = new Map<string, string>();
  const exceptions: string[] = [];
  const consoleErrors: { text: string; url: string }[] = [];
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    if (isLocalUrl(request.url())) return void request.continue();
    blocked.add(request.url());
    void request.abort("blockedbyclient");
  });
  page.on("requestfailed", (request) => {
    const url = request.url();
    if (!blocked.has(url)) failed.set(url, request.failure()?.errorText ?? "");
  });
  page.on("pageerror", (error) => exceptions.push(oneLine(error)));
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    consoleErrors.push({ text: message.text(), url: message.location().url ?? "" });
  });
  // A failed resource also logs a console error; keep only the clearer request line.
  const isRequestReported = (url: string) => blocked.has(url) || failed.has(url);
  return () => [
    ...exceptions.map((text) => `uncaught exception: ${text}`),
    ...consoleErrors.filter(({ url }) => !isRequestReported(url))
      .map(({ text }) => `console error: ${oneLine(text)}`),
    ...[...blocked].map((url) => `blocked a request to ${url}`),
    ...[...failed].map(([url, error]) => `request failed: ${url} (${error})`),
  ];
}

/**
 * An error or text as one line for a report, cut at 300 characters.
 *
 * @example
 * ```ts
 * import { oneLine } from "stallfree/tools/book/page_checks.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(oneLine(new TypeError("Expected a\n  but found b\n")), "Expected a but found b");
 * ```
 */
export function oneLine(value: unknown): string {
  const text = value instanceof Error ? value.message : String(value);
  return text.trim().replace(/\s*\n\s*/g, " ").slice(0, 300);
}

/**
 * Waits up to {@linkcode CHART_TIMEOUT_MS} for every `figure.chart` to report
 * rendering; returns their number and one problem per chart that is empty,
 * late, or has no visible view.
 */
export async function chartProblems(
  page: Page,
): Promise<{ numCharts: number; problems: string[] }> {
  // Resolves once no chart is left unrendered (or only hidden ones, which the size check catches).
  await page.waitForSelector('figure.chart:not(.static):not([data-vega-rendered="true"])', {
    hidden: true,
    timeout: CHART_TIMEOUT_MS,
  }).catch(() => {}); // the per-chart report below names each late chart
  const charts = await page.$$eval("figure.chart", (figures) =>
    figures.map((figure) => {
      const box = figure.getBoundingClientRect();
      const isStatic = figure.classList.contains("static");
      const views = [
        ...figure.querySelectorAll(isStatic ? "svg" : ".vega-embed svg, .vega-embed canvas"),
      ];
      return {
        width: box.width,
        height: box.height,
        isRendered: isStatic || figure.getAttribute("data-vega-rendered") === "true",
        hasView: views.some((view) => view.getBoundingClientRect().width > 0),
      };
    }));
  const problems = charts.flatMap((chart, index) => {
    const where = `chart ${index + 1} of ${charts.length}`;
    const found: string[] = [];
    if (chart.width === 0 || chart.height === 0) {
      found.push(`${where} has size ${chart.width}x${chart.height}`);
    }
    if (!chart.isRendered) {
      found.push(`${where} did not set data-vega-rendered="true" within ${CHART_TIMEOUT_MS} ms`);
    } else if (!chart.hasView) found.push(`${where} has no visible svg or canvas view`);
    return found;
  });
  return { numCharts: charts.length, problems };
}

/**
 * Problems with the links of the page `name` (a file name in the site folder):
 * local files that do not exist, and missing {@linkcode expectedLinks}.
 */
export async function linkProblems(
  page: Page,
  name: string,
  chapters: string[],
): Promise<string[]> {
  const hrefs = await page.$$eval("a[href]", (anchors) => anchors.map((anchor) => anchor.href));
  const files = hrefs.filter((href) => href.startsWith("file:")).map((href) => {
    const url = new URL(href);
    url.hash = url.search = "";
    return fileURLToPath(url);
  });
  const problems: string[] = [];
  for (const file of new Set(files)) {
    if (!(await Deno.stat(file).then(() => true, () => false))) {
      problems.push(`link to missing file ${file}`);
    }
  }
  const siteDir = dirname(fileURLToPath(page.url()));
  const linked = new Set(files.filter((file) => dirname(file) === siteDir).map((f) => basename(f)));
  for (const target of expectedLinks(name, chapters)) {
    if (!linked.has(target)) problems.push(`no link to ${target}`);
  }
  return problems;
}

/**
 * At the viewport's current width, whether the page scrolls sideways, naming
 * the widest element that sticks out of every scrolling box around it.
 */
export async function overflowProblems(page: Page): Promise<string[]> {
  const viewport = page.viewport()?.width ?? 0;
  const width = await page.$eval("html", (html) => html.scrollWidth);
  if (width <= viewport) return [];
  const culprit = await page.$$eval("body *", (elements, limit) => {
    const sticking = elements.filter((element) => {
      if (element.getBoundingClientRect().right <= limit) return false;
      for (let box = element.parentElement; box !== null; box = box.parentElement) {
        const style = box.ownerDocument.defaultView?.getComputedStyle(box);
        if (style?.overflowX !== "visible") return false; // it scrolls or clips inside `box`
      }
      return true;
    });
    const widest = sticking.sort((a, b) =>
      b.getBoundingClientRect().width - a.getBoundingClientRect().width
    )[0];
    if (widest === undefined) return "";
    const text = (widest.textContent ?? "").trim().slice(0, 40);
    return `${widest.tagName.toLowerCase()}.${[...widest.classList].join(".")} "${text}"`;
  }, viewport);
  return [`is ${width} px wide at a ${viewport} px viewport (scrolls sideways): ${culprit}`];
}

/**
 * At the viewport's current width, each code block (a code cell's input, or
 * code quoted in prose) whose text is wider than its box, so that part of a
 * line is hidden until the reader scrolls it: code must wrap instead.
 */
export async function clippedCodeProblems(page: Page): Promise<string[]> {
  const clipped = await page.$$eval(
    ".input pre, pre.code-block",
    (blocks) =>
      blocks.flatMap((block, index) => {
        if (block.scrollWidth <= block.clientWidth) return [];
        const widest = (block.textContent ?? "").split("\n")
          .reduce((a: string, b: string) => (b.length > a.length ? b : a), "");
        return [{ index, scrollWidth: block.scrollWidth, clientWidth: block.clientWidth, widest }];
      }),
  );
  return clipped.map(({ index, scrollWidth, clientWidth, widest }) =>
    `code block ${index + 1} is ${scrollWidth} px wide in a ${clientWidth} px box (clipped): ` +
    `"${widest.trim().slice(0, 60)}"`
  );
}
