/**
 * Checks the built book in headless Chromium, as a reader opening it from
 * disk would see it, and saves a desktop and a phone screenshot of each page.
 *
 * ```sh
 * deno run -A tools/book/check_site.ts [siteDir] [--screenshots DIR]   # defaults: site/, site/screenshots/
 * ```
 *
 * A page fails on a console error or uncaught exception, a request to
 * anything but a local file (blocked, so the check works offline), a
 * `figure.chart` of zero size or that never reaches `data-vega-rendered="true"`
 * with an SVG or canvas view, an error output, a local link to a missing file,
 * a missing link (index to every chapter page `NN-name.html`, each chapter to
 * its neighbours), a page wider than the window at desktop (1200 px) or
 * phone (390 px) width, which makes it scroll sideways, or a line of code
 * wider than its box at either width, which hides its end.
 * Prints `ok PAGE (N charts)` or one `FAIL PAGE: ...` line per problem, then
 * `site: N passed, M failed`; exits 1 on a problem, 2 on bad arguments. Does
 * not compare a page's charts with its notebook's.
 *
 * @module
 */
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "./chromium.ts";
import { BROWSER_TIMEOUT_MS, launchChromium } from "./chromium.ts";
import {
  chartProblems,
  clippedCodeProblems,
  linkProblems,
  oneLine,
  overflowProblems,
  watchPage,
} from "./page_checks.ts";

const DESKTOP = { width: 1200, height: 800 };
const PHONE = { width: 390, height: 844 };
const NEXT_FRAME =
  "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))";
const CHAPTER_PAGE = /^\d+-[^/]*\.html$/;
const USAGE = "Usage: deno run -A tools/book/check_site.ts [siteDir] [--screenshots DIR]";

/** Where the site is and where its screenshots go. */
export interface SiteOptions {
  /** The built site. @default {"site"} */
  siteDir: string;
  /** Where `NAME.png` and `NAME.phone.png` go. @default {"<siteDir>/screenshots"} */
  screenshotsDir: string;
}

/**
 * Reads the command line: an optional site folder and `--screenshots DIR`.
 *
 * @example
 * ```ts
 * import { parseSiteArgs } from "stallfree/tools/book/check_site.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(parseSiteArgs([]), { siteDir: "site", screenshotsDir: "site/screenshots" });
 * assertEquals(parseSiteArgs(["out", "--screenshots=shots"]), {
 *   siteDir: "out",
 *   screenshotsDir: "shots",
 * });
 * assertThrows(() => parseSiteArgs(["--bogus"]), TypeError, "Expected a site folder or --screenshots DIR but found --bogus");
 * ```
 */
export function parseSiteArgs(args: string[]): SiteOptions {
  const rest = [...args];
  const folders: string[] = [];
  let screenshotsDir: string | undefined;
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--screenshots" || arg.startsWith("--screenshots=")) {
      screenshotsDir = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : rest.shift();
      if (!screenshotsDir) {
        throw new TypeError("Expected a folder after --screenshots but found none");
      }
    } else if (arg.startsWith("-") || folders.length > 0) {
      throw new TypeError(`Expected a site folder or --screenshots DIR but found ${arg}`);
    } else {
      folders.push(arg);
    }
  }
  const siteDir = folders[0] ?? "site";
  return { siteDir, screenshotsDir: screenshotsDir ?? join(siteDir, "screenshots") };
}

/** Loads one page, checks it, saves its screenshots; returns its `ok` or `FAIL` lines. */
async function checkPage(browser: Browser, options: SiteOptions, name: string, chapters: string[]) {
  const page = await browser.newPage();
  try {
    page.setDefaultTimeout(BROWSER_TIMEOUT_MS);
    await page.setViewport(DESKTOP);
    const eventProblems = await watchPage(page);
    await page.goto(pathToFileURL(resolve(options.siteDir, name)).href, { waitUntil: "load" });
    const charts = await chartProblems(page);
    const errorOutputs = await page.$$eval(
      ".output.error, .output .error",
      (elements) => elements.map((element) => element.textContent ?? ""),
    );
    const problems = [
      ...charts.problems,
      ...errorOutputs.map((text) => `error output: ${oneLine(text)}`),
      ...await linkProblems(page, name, chapters),
    ];
    const stem = basename(name, ".html");
    for (const [viewport, suffix] of [[DESKTOP, ""], [PHONE, ".phone"]] as const) {
      await page.setViewport(viewport);
      await page.evaluate(NEXT_FRAME); // let charts sized to their container redraw
      problems.push(...await overflowProblems(page), ...await clippedCodeProblems(page));
      const path = join(options.screenshotsDir, `${stem}${suffix}.png`);
      await page.screenshot({ path, fullPage: true });
    }
    problems.unshift(...eventProblems());
    if (problems.length > 0) return problems.map((problem) => `FAIL ${name}: ${problem}`);
    return [`ok ${name} (${charts.numCharts} charts)`];
  } catch (error) {
    return [`FAIL ${name}: ${oneLine(error)}`];
  } finally {
    await page.close();
  }
}

/** The site's pages: `index.html` first, then the chapter pages in name order. */
async function sitePages(siteDir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(siteDir)) {
    if (entry.isFile && entry.name.endsWith(".html")) names.push(entry.name);
  }
  return names.sort((a, b) => (a === "index.html" ? -1 : b === "index.html" ? 1 : a < b ? -1 : 1));
}

async function main(args: string[]): Promise<number> {
  let options: SiteOptions;
  try {
    options = parseSiteArgs(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const pages = await sitePages(options.siteDir).catch((): string[] => []);
  if (!pages.includes("index.html")) {
    console.error(`FAIL Expected ${join(options.siteDir, "index.html")} but found none`);
    return 1;
  }
  await Deno.mkdir(options.screenshotsDir, { recursive: true });
  const chapters = pages.filter((name) => CHAPTER_PAGE.test(name));
  const chromium = await launchChromium();
  let numFailed = 0;
  try {
    for (const name of pages) {
      const lines = await checkPage(chromium.browser, options, name, chapters);
      if (lines[0].startsWith("FAIL")) numFailed += 1;
      for (const line of lines) console.log(line);
    }
  } finally {
    await chromium.close();
  }
  console.log(`site: ${pages.length - numFailed} passed, ${numFailed} failed`);
  return numFailed > 0 ? 1 : 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
