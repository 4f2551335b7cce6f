/**
 * The book's HTML pages: a sidebar with every chapter (and the current
 * chapter's sections), previous and next links above and below the content,
 * and only local assets, so a page works offline from `file://`. The styles
 * are `tools/book/book.css` and the chart script `tools/book/charts.js`,
 * both copied to `site/assets/`. Does not inline the assets.
 *
 * @module
 */
import type { Heading } from "./render_markdown.ts";
import { escapeHtml } from "./html.ts";
import { hasChart } from "./render_outputs.ts";

/** A link to a page of the book. */
export interface PageLink {
  /** The file, relative to the site folder: `02-decode-spikes.html`. */
  href: string;
  /** Inline HTML. */
  title: string;
}

/** What one page shows. */
export interface Page {
  /** Inline HTML of the page's heading; the `<title>` is its text. */
  title: string;
  /** The content. */
  body: string;
  /** Every chapter, in order, for the sidebar. */
  chapters: PageLink[];
  /** This page's file. */
  href: string;
  /** This page's `##` sections, listed under it in the sidebar. */
  sections: Heading[];
  /** The page before, if any. */
  previous?: PageLink;
  /** The page after, if any. */
  next?: PageLink;
}

/** The scripts a page with charts loads, in order, from `assets/`. */
export const CHART_SCRIPTS = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "charts.js"];

const text = (html: string) =>
  html.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

function sidebar({ chapters, href, sections }: Page): string {
  const items = chapters.map((chapter) => {
    if (chapter.href !== href) return `<li><a href="${chapter.href}">${chapter.title}</a></li>`;
    const links = sections.map(({ id, html }) => `<li><a href="#${id}">${html}</a></li>`);
    const list = links.length > 0 ? `\n<ul>\n${links.join("\n")}\n</ul>` : "";
    return `<li><a href="${chapter.href}" aria-current="page">${chapter.title}</a>${list}</li>`;
  });
  return `<nav class="sidebar" aria-label="Table of contents">
<a class="brand" href="index.html">stallfree</a>
<input type="checkbox" id="toc-toggle" class="toc-toggle">
<label for="toc-toggle" class="toc-label">Contents</label>
<ol class="toc">
${items.join("\n")}
</ol>
</nav>`;
}

function pager({ previous, next }: Page, where: "top" | "bottom"): string {
  const link = (page: PageLink | undefined, rel: "prev" | "next", label: string) =>
    page
      ? `<a class="${rel}" rel="${rel}" href="${page.href}"><small>${label}</small>${page.title}</a>`
      : "";
  return `<nav class="pager ${where}" aria-label="Previous and next chapter">` +
    link(previous, "prev", "← Previous") + link(next, "next", "Next →") + `</nav>`;
}

/**
 * A whole HTML page. It loads KaTeX's stylesheet only when the body has math,
 * and the Vega scripts only when it has a chart.
 *
 * @example
 * ```ts
 * import { renderPage } from "stallfree/tools/book/render_page.ts";
 * import { assert, assertMatch } from "@std/assert";
 * const chapters = [
 *   { href: "00-tour.html", title: "0 · Tour" },
 *   { href: "01-chunks.html", title: "1 · Chunks &amp; steps" },
 * ];
 * const html = renderPage({
 *   title: chapters[1].title,
 *   body: "<h1>Chunks</h1>",
 *   chapters,
 *   href: "01-chunks.html",
 *   sections: [{ depth: 2, id: "why", html: "Why" }],
 *   previous: chapters[0],
 * });
 * assertMatch(html, /<title>1 · Chunks &amp; steps · stallfree<\/title>/);
 * assertMatch(html, /aria-current="page">1 · Chunks &amp; steps<\/a>\n<ul>\n<li><a href="#why">Why/);
 * assertMatch(html, /<a class="prev" rel="prev" href="00-tour.html">/);
 * assert(!/katex|vega/.test(html));
 * ```
 */
export function renderPage(page: Page): string {
  const head = [`<link rel="stylesheet" href="assets/book.css">`];
  if (page.body.includes('class="katex')) {
    head.push(`<link rel="stylesheet" href="assets/katex/katex.min.css">`);
  }
  if (hasChart(page.body)) {
    head.push(...CHART_SCRIPTS.map((name) => `<script defer src="assets/${name}"></script>`));
  }
  const title = escapeHtml(text(page.title));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.href === "index.html" ? title : `${title} · stallfree`}</title>
${head.join("\n")}
</head>
<body>
<div class="layout">
${sidebar(page)}
<main>
${pager(page, "top")}
<article>
${page.body}
</article>
${pager(page, "bottom")}
<footer>Built by <code>deno task book</code> from the executed notebooks.</footer>
</main>
</div>
</body>
</html>
`;
}

/**
 * The index page's content: the course title, an introduction, and each
 * chapter with its summary.
 *
 * @example
 * ```ts
 * import { indexBody } from "stallfree/tools/book/render_page.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   indexBody("A course.", [{ href: "00-tour.html", title: "0 · Tour", summary: "Drive it." }]),
 *   '<h1>stallfree</h1>\n<p class="intro">A course.</p>\n<h2 id="chapters">Chapters</h2>\n' +
 *     '<ol class="chapter-list">\n<li><a href="00-tour.html">0 · Tour</a>' +
 *     '<p class="summary">Drive it.</p></li>\n</ol>',
 * );
 * ```
 */
export function indexBody(intro: string, chapters: (PageLink & { summary: string })[]): string {
  const items = chapters.map(({ href, title, summary }) =>
    `<li><a href="${href}">${title}</a><p class="summary">${summary}</p></li>`
  );
  return `<h1>stallfree</h1>\n<p class="intro">${intro}</p>\n` +
    `<h2 id="chapters">Chapters</h2>\n<ol class="chapter-list">\n${items.join("\n")}\n</ol>`;
}
