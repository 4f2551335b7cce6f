/**
 * The whole book: the index and one page per chapter, linked in order, and
 * the folder they are written to with their local assets (the book's CSS and
 * chart script, Vega, Vega-Lite, vega-embed, KaTeX's CSS and fonts). Leaves
 * anything else in the folder alone, such as screenshots.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { repoRoot } from "../install_kernel.ts";
import { externalResources } from "./external_resources.ts";
import { indexBody, type PageLink, renderPage } from "./render_page.ts";
import type { Chapter } from "./render_notebook.ts";

/** One page to write: its file name and HTML. */
export interface SitePage {
  /** The file name, relative to the site folder. */
  href: string;
  /** The whole page. */
  html: string;
}

/** A chapter of the book, with the file its page goes to. */
export type BookChapter = Chapter & { href: string };

/**
 * The index page and the chapter pages. The first chapter's previous page is
 * the index; the index's next page is the first chapter.
 *
 * @example
 * ```ts
 * import { bookPages } from "stallfree/tools/book/site.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chapter = (href: string, title: string) => ({ href, title, summary: "", sections: [], body: "" });
 * const pages = bookPages("Intro.", [chapter("00-a.html", "0 · A"), chapter("01-b.html", "1 · B")]);
 * assertEquals(pages.map((page) => page.href), ["index.html", "00-a.html", "01-b.html"]);
 * assertMatch(pages[0].html, /rel="next" href="00-a.html"/);
 * assertMatch(pages[1].html, /rel="prev" href="index.html"><small>← Previous<\/small>Contents/);
 * assertMatch(pages[2].html, /rel="prev" href="00-a.html"/);
 * ```
 */
export function bookPages(intro: string, chapters: BookChapter[]): SitePage[] {
  const links: PageLink[] = chapters.map(({ href, title }) => ({ href, title }));
  const index = { href: "index.html", title: "Contents" };
  const pages = [{
    href: index.href,
    html: renderPage({
      title: "stallfree",
      body: indexBody(intro, chapters),
      chapters: links,
      href: index.href,
      sections: [],
      next: links[0],
    }),
  }];
  chapters.forEach((chapter, i) => {
    const html = renderPage({
      ...chapter,
      chapters: links,
      previous: i === 0 ? index : links[i - 1],
      next: links[i + 1],
    });
    pages.push({ href: chapter.href, html });
  });
  return pages;
}

/** Where each asset comes from, relative to the repository root, and goes under `assets/`. */
export const ASSETS: [from: string, to: string][] = [
  ["tools/book/book.css", "book.css"],
  ["tools/book/charts.js", "charts.js"],
  ["node_modules/vega/build/vega.min.js", "vega.min.js"],
  ["node_modules/vega-lite/build/vega-lite.min.js", "vega-lite.min.js"],
  ["node_modules/vega-embed/build/vega-embed.min.js", "vega-embed.min.js"],
  ["node_modules/katex/dist/katex.min.css", "katex/katex.min.css"],
  ["node_modules/katex/dist/fonts", "katex/fonts"],
];

async function copy(from: string, to: string): Promise<void> {
  const info = await Deno.stat(from).catch(() => undefined);
  if (!info) {
    const hint = from.includes("node_modules") ? ` (run "deno install" first)` : "";
    throw new TypeError(`Expected an asset at ${from} but found none${hint}`);
  }
  await Deno.mkdir(dirname(to), { recursive: true });
  if (info.isFile) return await Deno.copyFile(from, to);
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    await copy(join(from, entry.name), join(to, entry.name));
  }
}

/**
 * Writes `pages` and the assets (from this checkout) into `siteDir`, after
 * removing the pages and assets of an earlier build. Refuses a page or
 * stylesheet that would load anything from another host or from outside the
 * site.
 */
export async function writeSite(siteDir: string, pages: SitePage[]): Promise<void> {
  const root = repoRoot();
  const css = await Deno.readTextFile(join(root, "tools/book/book.css"));
  for (const { href, html } of [...pages, { href: "assets/book.css", html: css }]) {
    const found = externalResources(html);
    if (found.length > 0) {
      throw new TypeError(
        `Expected ${href} to load only local files but found ${found.join(", ")}`,
      );
    }
  }
  await Deno.mkdir(siteDir, { recursive: true });
  for await (const entry of Deno.readDir(siteDir)) {
    if (entry.name === "assets" || (entry.isFile && entry.name.endsWith(".html"))) {
      await Deno.remove(join(siteDir, entry.name), { recursive: true });
    }
  }
  for (const [from, to] of ASSETS) await copy(join(root, from), join(siteDir, "assets", to));
  for (const { href, html } of pages) await Deno.writeTextFile(join(siteDir, basename(href)), html);
}
