/**
 * The offline check: what a page or stylesheet would fetch from another host
 * or from outside the site. The build refuses to write a page that would, so
 * the book works from `file://` with no network. Does not follow what
 * scripts fetch at run time (the book's scripts fetch nothing).
 *
 * @module
 */

const LOADING_ATTRIBUTE =
  /<([a-zA-Z][\w:-]*)\b[^>]*?\s(?:src|href|srcset|poster|data|xlink:href)\s*=\s*["']?\s*((?:https?:|file:)?\/\/[^\s"'>]*|file:[^\s"'>]*)/gi;
const CSS_URL =
  /(?:url\(\s*["']?|@import\s+["'])((?:https?:|file:)?\/\/[^"')\s]*|file:[^"')\s]*)/gi;

/**
 * What a page or stylesheet would fetch from another host or from outside the
 * site: `src`, `href` (except on `<a>`, a link the reader follows) and similar
 * attributes, and CSS `url()` and `@import`, that are `http(s):`, `file:` or
 * protocol-relative. Empty for an offline page.
 *
 * @example
 * ```ts
 * import { externalResources } from "stallfree/tools/book/external_resources.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   externalResources(
 *     '<a href="https://arxiv.org/abs/2403.02310">paper</a><img src="assets/a.png">' +
 *       '<script src="https://cdn.jsdelivr.net/npm/vega@5"></script>' +
 *       '<link rel="stylesheet" href="file:///usr/share/katex.css">' +
 *       '<svg xmlns="http://www.w3.org/2000/svg"></svg><style>@font-face{src:url(//fonts.x/a.woff)}</style>',
 *   ),
 *   ["https://cdn.jsdelivr.net/npm/vega@5", "file:///usr/share/katex.css", "//fonts.x/a.woff"],
 * );
 * ```
 */
export function externalResources(html: string): string[] {
  const found: string[] = [];
  for (const [, tag, url] of html.matchAll(LOADING_ATTRIBUTE)) {
    if (tag.toLowerCase() !== "a") found.push(url);
  }
  for (const [, url] of html.matchAll(CSS_URL)) found.push(url);
  return found;
}
