/**
 * An executed notebook to a chapter: its title and one-line summary (from the
 * first markdown cell), its `##` sections, and its body, with code highlighted
 * at build time so the page needs no script for it. Does not render raw cells
 * or cell attachments.
 *
 * @module
 */
import { marked, type Tokens } from "marked";
import { highlight } from "./highlight.ts";
import { type Heading, renderInline, renderMarkdownCells } from "./render_markdown.ts";
import { renderOutput } from "./render_outputs.ts";
import type { Cell, Notebook } from "../nbformat.ts";

/** What the book needs from one chapter. */
export interface Chapter {
  /** Inline HTML of the first markdown cell's `# ` heading. */
  title: string;
  /** Inline HTML of the first sentences of the paragraph after it. */
  summary: string;
  /** The `##` headings, in order, for the sidebar. */
  sections: Heading[];
  /** The cells, rendered. */
  body: string;
}

const sourceOf = (cell: Cell) => Array.isArray(cell.source) ? cell.source.join("") : cell.source;

/**
 * The leading whole sentences of `text` that fit in `max` characters (at
 * least the first sentence, cut at a word with `…` if that alone is longer),
 * with whitespace collapsed.
 *
 * @example
 * ```ts
 * import { leadingSentences } from "stallfree/tools/book/render_notebook.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(leadingSentences("One two.\nThree four. Five six.", 20), "One two. Three four.");
 * assertEquals(leadingSentences("A long sentence here.", 12), "A long…");
 * ```
 */
export function leadingSentences(text: string, max = 280): string {
  const sentences = text.trim().replace(/\s+/g, " ").split(/(?<=[.!?])\s+(?=[A-Z`*_(])/);
  let result = sentences[0];
  if (result.length > max) return `${result.slice(0, max).replace(/\s+\S*$/, "")}…`;
  for (const sentence of sentences.slice(1)) {
    if (result.length + 1 + sentence.length > max) break;
    result += ` ${sentence}`;
  }
  return result;
}

/**
 * A chapter's title and summary from its first markdown cell: the `# `
 * heading, and the leading sentences of the paragraph after it that fit in
 * `maxLength` characters (see {@linkcode leadingSentences}).
 *
 * @example
 * ```ts
 * import { titleAndSummary } from "stallfree/tools/book/render_notebook.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(
 *   titleAndSummary("# 1 · Chunked `prefill`\n\nA long prompt\nis costly. It waits.\n\n- more"),
 *   { title: "1 · Chunked <code>prefill</code>", summary: "A long prompt is costly. It waits." },
 * );
 * assertThrows(
 *   () => titleAndSummary("Intro only"),
 *   TypeError,
 *   'Expected the first markdown cell to start with a "# " title but found "Intro only"',
 * );
 * ```
 */
export function titleAndSummary(
  markdown: string,
  options: {
    /** @default {280} */
    maxLength?: number;
  } = {},
): { title: string; summary: string } {
  const tokens = marked.lexer(markdown).filter((token) => token.type !== "space");
  const [heading, paragraph] = tokens as [Tokens.Heading?, Tokens.Paragraph?];
  if (heading?.type !== "heading" || heading.depth !== 1) {
    const found = JSON.stringify(markdown.trim().split("\n")[0]);
    throw new TypeError(
      `Expected the first markdown cell to start with a "# " title but found ${found}`,
    );
  }
  const { maxLength = 280 } = options;
  const summary = paragraph?.type === "paragraph"
    ? leadingSentences(paragraph.text, maxLength)
    : "";
  return { title: renderInline(heading.text), summary: renderInline(summary) };
}

function codeCell(cell: Cell): string {
  const count = cell.execution_count ?? " ";
  const outputs = (cell.outputs ?? []).map(renderOutput).join("\n");
  return `<div class="cell code-cell">\n<div class="input"><div class="prompt">In [${count}]:</div>` +
    `<pre><code class="hljs language-typescript">${
      highlight(sourceOf(cell).trimEnd(), "typescript")
    }</code></pre></div>\n` +
    (outputs ? `<div class="outputs">\n${outputs}\n</div>\n` : "") + `</div>`;
}

/**
 * Renders an executed notebook's cells as one chapter.
 *
 * @example
 * ```ts
 * import { renderNotebook } from "stallfree/tools/book/render_notebook.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chapter = renderNotebook({
 *   cells: [
 *     { cell_type: "markdown", source: ["# 0 · Tour\n", "\n", "Drive the engine."] },
 *     { cell_type: "markdown", source: "## Steps" },
 *     {
 *       cell_type: "code",
 *       source: "1 + 1",
 *       execution_count: 1,
 *       outputs: [{ output_type: "execute_result", execution_count: 1, data: { "text/plain": "2" } }],
 *     },
 *   ],
 * });
 * assertEquals([chapter.title, chapter.summary], ["0 · Tour", "Drive the engine."]);
 * assertEquals(chapter.sections, [{ depth: 2, id: "steps", html: "Steps" }]);
 * assertMatch(chapter.body, /<div class="prompt">In \[1\]:<\/div><pre><code class="hljs language-typescript">/);
 * assertMatch(chapter.body, /<div class="outputs">\n<div class="output-label">Out \[1\]:/);
 * ```
 */
export function renderNotebook(notebook: Notebook): Chapter {
  const markdown = notebook.cells.filter((cell) => cell.cell_type === "markdown");
  if (markdown.length === 0) {
    throw new TypeError("Expected a notebook with a markdown cell but found none");
  }
  const rendered = renderMarkdownCells(markdown.map(sourceOf));
  const sections = rendered.flatMap(({ headings }) => headings.filter(({ depth }) => depth === 2));
  const parts: string[] = [];
  for (const cell of notebook.cells) {
    if (cell.cell_type === "markdown") {
      parts.push(`<div class="cell markdown-cell">\n${rendered.shift()!.html}</div>`);
    } else if (cell.cell_type === "code") {
      parts.push(codeCell(cell));
    }
  }
  return { ...titleAndSummary(sourceOf(markdown[0])), sections, body: parts.join("\n") };
}
