/**
 * Syntax highlighting at build time with highlight.js, so pages need no
 * script for it: TypeScript (code cells, and ```ts blocks in prose), JSON and
 * shell. The colours are `hljs-*` rules in `book.css`. Other languages are
 * escaped, not highlighted.
 *
 * @module
 */
import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import json from "highlight.js/lib/languages/json";
import typescript from "highlight.js/lib/languages/typescript";
import { escapeHtml } from "./html.ts";

hljs.registerLanguage("typescript", typescript); // also ts, tsx, mts, cts
hljs.registerLanguage("json", json);
hljs.registerLanguage("bash", bash); // also sh, zsh

/**
 * `code` as HTML: highlight.js markup for a language it knows (by name or
 * alias, such as `ts`), else escaped text.
 *
 * @example
 * ```ts
 * import { highlight } from "stallfree/tools/book/highlight.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   highlight("const a = b < 1;", "ts"),
 *   '<span class="hljs-keyword">const</span> a = b &lt; <span class="hljs-number">1</span>;',
 * );
 * assertEquals(highlight("x <- 1", "r"), "x &lt;- 1");
 * ```
 */
export function highlight(code: string, language: string): string {
  if (!hljs.getLanguage(language)) return escapeHtml(code);
  return hljs.highlight(code, { language, ignoreIllegals: true }).value;
}
