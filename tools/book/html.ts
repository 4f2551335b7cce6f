/**
 * Escaping text into HTML, shared by the renderers and the page templates.
 *
 * @module
 */

/**
 * Escapes text for HTML element content and double-quoted attributes.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "stallfree/tools/book/html.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeHtml(`<a href="x">&</a>`), "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}
