/**
 * Launches Debian's headless Chromium through puppeteer-core with the flags
 * that keep it offline: no sandbox (CI runs as root), no GPU, and none of the
 * background traffic (updates, sync, QUIC) it otherwise sends to Google's
 * hosts. Each launch gets a fresh profile in a temporary folder, removed on
 * close. Does not download a browser.
 *
 * @module
 */
import puppeteer, {
  type Browser as PuppeteerBrowser,
  type Page as PuppeteerPage,
} from "puppeteer-core";

/** A running browser, as puppeteer drives it. */
export type Browser = PuppeteerBrowser;

/** A browser tab, as puppeteer drives it; the browser checks take and return these. */
export type Page = PuppeteerPage;

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** How long any one wait on the browser may take by default, in milliseconds. */
export const BROWSER_TIMEOUT_MS = 30_000;

/**
 * The command-line flags for one offline, headless Chromium using the profile `userDataDir`.
 *
 * @example
 * ```ts
 * import { chromiumArgs } from "stallfree/tools/book/chromium.ts";
 * import { assert } from "@std/assert";
 * const args = chromiumArgs("/tmp/profile");
 * assert(args.includes("--no-sandbox"));
 * assert(args.includes("--user-data-dir=/tmp/profile"));
 * ```
 */
export function chromiumArgs(userDataDir: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    `--user-data-dir=${userDataDir}`,
  ];
}

/** A running browser and the way to stop it. */
export interface Chromium {
  /** The puppeteer handle. */
  browser: Browser;
  /** Closes the browser and removes its profile; safe to call twice. */
  close(): Promise<void>;
}

/** Starts headless Chromium at {@linkcode CHROMIUM_PATH} with a fresh temporary profile. */
export async function launchChromium(): Promise<Chromium> {
  const userDataDir = await Deno.makeTempDir({ prefix: "stallfree-chromium-" });
  const removeProfile = () => Deno.remove(userDataDir, { recursive: true }).catch(() => {});
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: chromiumArgs(userDataDir),
      timeout: BROWSER_TIMEOUT_MS,
    });
  } catch (error) {
    await removeProfile();
    throw new Error(
      `Expected Chromium to start from ${CHROMIUM_PATH} but it failed: ${(error as Error).message}`,
    );
  }
  let isClosed = false;
  return {
    browser,
    close: async () => {
      if (isClosed) return;
      isClosed = true;
      await browser.close().catch(() => browser.process()?.kill("SIGKILL"));
      await removeProfile();
    },
  };
}
