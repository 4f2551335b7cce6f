/**
 * A code cell's saved outputs (nbformat v4) to HTML. A chart bundle becomes a
 * `<figure class="chart">` holding its static SVG, shown by default, and its
 * Vega-Lite spec, which the page script draws live in place of the SVG; a
 * static chart (its `text/plain` reads "Chart: title") becomes a
 * `<figure class="chart static">` holding its SVG.
 * Other bundles show the richest kind this module knows: HTML, SVG, PNG or
 * JPEG, Markdown, then plain text. Does not run or sanitise HTML outputs: they
 * come from this course's own notebooks.
 *
 * @module
 */
import type { Output } from "../nbformat.ts";
import { escapeHtml } from "./html.ts";
import { renderMarkdownCells } from "./render_markdown.ts";

/** The MIME type of a Vega-Lite v5 spec in a display bundle. */
export const VEGA_LITE = "application/vnd.vegalite.v5+json";

// deno-lint-ignore no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

/**
 * Removes ANSI escape sequences: colours, cursor moves and OSC links.
 *
 * @example
 * ```ts
 * import { stripAnsi } from "stallfree/tools/book/render_outputs.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(stripAnsi("\u001b[1;31mRangeError\u001b[0m: bad\u001b[2K"), "RangeError: bad");
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

const joined = (text: unknown) => Array.isArray(text) ? text.join("") : String(text ?? "");
const pre = (className: string, text: string) =>
  `<pre class="${className}">${escapeHtml(stripAnsi(text))}</pre>`;

/** JSON that is safe inside `<script>`: no `</script>` or `<!--` can appear. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

function chart(data: Record<string, unknown>): string {
  const fallback = data["text/html"] === undefined
    ? pre("output text", joined(data["text/plain"]))
    : joined(data["text/html"]);
  return `<figure class="chart"><div class="chart-static">${fallback}</div>` +
    `<div class="chart-live"></div>` +
    `<script type="application/json" class="vega-spec">${scriptJson(data[VEGA_LITE])}</script>` +
    `</figure>`;
}

function bundle(data: Record<string, unknown>): string {
  if (data[VEGA_LITE] !== undefined) return chart(data);
  if (data["text/html"] !== undefined && joined(data["text/plain"]).startsWith("Chart: ")) {
    return `<figure class="chart static">${joined(data["text/html"])}</figure>`;
  }
  for (const type of ["text/html", "image/svg+xml"]) {
    if (data[type] !== undefined) return `<div class="output html">${joined(data[type])}</div>`;
  }
  for (const type of ["image/png", "image/jpeg"]) {
    if (typeof data[type] === "string") {
      const base64 = (data[type] as string).replace(/\s/g, "");
      return `<div class="output image"><img alt="" src="data:${type};base64,${base64}"></div>`;
    }
  }
  if (data["text/markdown"] !== undefined) {
    const [{ html }] = renderMarkdownCells([joined(data["text/markdown"])]);
    return `<div class="output markdown">${html}</div>`;
  }
  return pre("output text", joined(data["text/plain"]));
}

function error({ ename = "Error", evalue = "", traceback = [] }: Output): string {
  const heading = stripAnsi(`${ename}: ${evalue}`);
  const lines = traceback.map(stripAnsi);
  // Deno's traceback starts with the same "ename: evalue" line.
  if (lines[0]?.trim() === heading.trim()) lines.shift();
  const trace = lines.length > 0 ? `\n${escapeHtml(lines.join("\n"))}` : "";
  return `<div class="output error" role="alert"><pre><strong>${
    escapeHtml(heading)
  }</strong>${trace}</pre></div>`;
}

/**
 * One output to HTML. An `execute_result` is labelled `Out [n]`.
 *
 * @example
 * ```ts
 * import { renderOutput } from "stallfree/tools/book/render_outputs.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   renderOutput({ output_type: "stream", name: "stderr", text: ["a < b\n"] }),
 *   '<pre class="output stream stderr">a &lt; b\n</pre>',
 * );
 * assertEquals(
 *   renderOutput({ output_type: "execute_result", execution_count: 3, data: { "text/plain": "2" } }),
 *   '<div class="output-label">Out [3]:</div><pre class="output text">2</pre>',
 * );
 * assertEquals(
 *   renderOutput({ output_type: "display_data", data: { "text/html": "<b>hi</b>" } }),
 *   '<div class="output html"><b>hi</b></div>',
 * );
 * ```
 */
export function renderOutput(output: Output): string {
  switch (output.output_type) {
    case "stream":
      return pre(`output stream ${output.name ?? "stdout"}`, joined(output.text));
    case "error":
      return error(output);
    case "execute_result": {
      const label = `<div class="output-label">Out [${output.execution_count ?? " "}]:</div>`;
      return label + bundle(output.data ?? {});
    }
    case "display_data":
      return bundle(output.data ?? {});
    default:
      throw new TypeError(
        `Expected output_type to be stream, display_data, execute_result or error but found ${
          JSON.stringify(output.output_type)
        }`,
      );
  }
}

/**
 * Whether rendered HTML holds a chart, so the page needs the Vega scripts.
 *
 * @example
 * ```ts
 * import { hasChart, renderOutput } from "stallfree/tools/book/render_outputs.ts";
 * import { assert } from "@std/assert";
 * const html = renderOutput({
 *   output_type: "display_data",
 *   data: { "application/vnd.vegalite.v5+json": { mark: "bar" }, "text/html": "<svg></svg>" },
 * });
 * assert(hasChart(html));
 * assert(!hasChart("<p>no chart</p>"));
 * ```
 */
export function hasChart(html: string): boolean {
  return html.includes('<figure class="chart">');
}
