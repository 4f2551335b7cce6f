/**
 * Markdown cells to HTML at build time: GitHub-flavoured Markdown by `marked`,
 * `$...$` and `$$...$$` math by KaTeX (so pages need its CSS and fonts but no
 * script), fenced code highlighted, and an `id` on every heading, unique
 * across a page. Raw HTML in a
 * cell passes through, as Jupyter shows it. Does not number equations or
 * support `\(...\)` delimiters.
 *
 * @module
 */
import katex from "katex";
import { Marked, type Tokens } from "marked";
import { highlight } from "./highlight.ts";
import { escapeHtml } from "./html.ts";

/** A heading of a rendered page, for its table of contents. */
export interface Heading {
  /** 1 for `#`, 2 for `##`, ... */
  depth: number;
  /** The anchor, unique within the page. */
  id: string;
  /** The heading's inline HTML (code spans, emphasis, math). */
  html: string;
}

/** One markdown cell, rendered. */
export interface RenderedMarkdown {
  /** The cell's HTML. */
  html: string;
  /** Its headings, in order, with their anchors. */
  headings: Heading[];
}

const BLOCK_MATH = /^ {0,3}\$\$([\s\S]+?)\$\$[ \t]*(?:\n+|$)/;
const DISPLAY_MATH = /^\$\$([\s\S]+?)\$\$/;
// Pandoc's rule, so prices like "$5 and $10" stay text: no space inside either
// dollar, and no digit right after the closing one. No backquote inside, so a
// dollar in a later code span cannot close it.
const INLINE_MATH = /^\$(?![\s$])((?:\\[\s\S]|[^\\$`])+?)(?<![\s\\])\$(?!\d)/;

/**
 * The anchor for a heading's text: lower case, runs of anything but letters
 * and digits as one `-`.
 *
 * @example
 * ```ts
 * import { slugify } from "stallfree/tools/book/render_markdown.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(slugify("The sweep: the latency-versus-TTFT trade"), "the-sweep-the-latency-versus-ttft-trade");
 * assertEquals(slugify("Décodé ×2"), "décodé-2");
 * ```
 */
export function slugify(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "section";
}

/**
 * TeX to KaTeX HTML, or a SyntaxError naming the TeX when KaTeX cannot parse it.
 *
 * @example
 * ```ts
 * import { renderMath } from "stallfree/tools/book/render_markdown.ts";
 * import { assertMatch, assertThrows } from "@std/assert";
 * assertMatch(renderMath("x^2", false), /^<span class="katex">/);
 * assertMatch(renderMath("x^2", true), /^<span class="katex-display">/);
 * assertThrows(() => renderMath("\\frac{1}{", false), SyntaxError, "Expected valid TeX in $\\frac{1}{$ but");
 * ```
 */
export function renderMath(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex.trim(), { displayMode, throwOnError: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SyntaxError(`Expected valid TeX in $${tex}$ but KaTeX says: ${message}`);
  }
}

function mathParser(headings: Heading[], usedIds: Set<string>): Marked {
  const math = (token: Tokens.Generic) => renderMath(token.text, token.displayMode);
  return new Marked({
    gfm: true,
    extensions: [
      {
        name: "mathBlock",
        level: "block",
        start: (src) => src.match(/^ {0,3}\$\$/m)?.index,
        tokenizer(src) {
          const match = BLOCK_MATH.exec(src);
          if (match) return { type: "mathBlock", raw: match[0], text: match[1], displayMode: true };
        },
        renderer: (token) => `${math(token)}\n`,
      },
      {
        name: "math",
        level: "inline",
        // Start at a backslash before a dollar, so the escape rule sees `\$`.
        start: (src) => src.match(/\\?\$/)?.index,
        tokenizer(src) {
          const match = DISPLAY_MATH.exec(src) ?? INLINE_MATH.exec(src);
          if (match) {
            return {
              type: "math",
              raw: match[0],
              text: match[1],
              displayMode: match[0][1] === "$",
            };
          }
        },
        renderer: math,
      },
    ],
    renderer: {
      code({ text, lang }) {
        const language = lang?.trim().split(/\s/)[0] ?? "";
        const className = language ? ` class="hljs language-${escapeHtml(language)}"` : "";
        return `<pre class="code-block"><code${className}>${
          highlight(text, language)
        }</code></pre>\n`;
      },
      heading({ tokens, depth }) {
        const html = this.parser.parseInline(tokens);
        const base = slugify(html.replace(/<[^>]*>/g, "").replace(/&[^;]+;/g, " "));
        let id = base;
        for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
        usedIds.add(id);
        headings.push({ depth, id, html });
        return `<h${depth} id="${id}">${html}</h${depth}>\n`;
      },
    },
  });
}

/**
 * Renders a page's markdown cells in order; heading ids are unique across
 * all of them (a repeated heading gets `-2`, `-3`, ...).
 *
 * @example
 * ```ts
 * import { renderMarkdownCells } from "stallfree/tools/book/render_markdown.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const [first, second] = renderMarkdownCells([
 *   "# Spikes\n\nThe cost is $\\sum_i c_i$, not $5 or $10.",
 *   "## Step `cost`\n\n$$\np_{99}\n$$\n\n## Step `cost`\n\n~~~ts\nlet n = 1;\n~~~",
 * ]);
 * assertMatch(first.html, /^<h1 id="spikes">Spikes<\/h1>\n<p>The cost is <span class="katex">/);
 * assertMatch(first.html, /, not \$5 or \$10\.<\/p>/);
 * assertMatch(second.html, /<span class="katex-display">/);
 * assertMatch(second.html, /<pre class="code-block"><code class="hljs language-ts"><span class="hljs-keyword">let<\/span>/);
 * assertEquals(second.headings, [
 *   { depth: 2, id: "step-cost", html: "Step <code>cost</code>" },
 *   { depth: 2, id: "step-cost-2", html: "Step <code>cost</code>" },
 * ]);
 * ```
 */
export function renderMarkdownCells(sources: readonly string[]): RenderedMarkdown[] {
  const usedIds = new Set<string>();
  return sources.map((source) => {
    const headings: Heading[] = [];
    const html = mathParser(headings, usedIds).parse(source, { async: false });
    return { html, headings };
  });
}

/**
 * One line of inline Markdown (code spans, emphasis, math) to HTML.
 *
 * @example
 * ```ts
 * import { renderInline } from "stallfree/tools/book/render_markdown.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(renderInline("Write `simulate` *now*"), "Write <code>simulate</code> <em>now</em>");
 * ```
 */
export function renderInline(source: string): string {
  return mathParser([], new Set()).parseInline(source, { async: false });
}
