/**
 * The display object every chart helper returns: one chart in two renderings.
 * A static Observable Plot SVG for exported HTML and nbconvert (no JavaScript
 * needed), and a Vega-Lite spec that JupyterLab draws interactively.
 *
 * Does not reference `Deno.jupyter`, which throws outside the Jupyter kernel:
 * the kernel finds the `Symbol.for("Jupyter.display")` method by itself, and
 * `deno test` ignores it.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import { describeValue } from "../validate.ts";

/** A Vega-Lite v5 spec; {@linkcode makeChart} sets `$schema`. */
export type VegaLiteSpec = { $schema: string } & Record<string, unknown>;

/** What a chart helper hands to {@linkcode makeChart}. */
export interface ChartParts {
  /** One line naming the chart, used for `text/plain`. */
  title: string;
  /** A standalone SVG (or Plot's `<figure>`), as from {@linkcode plotSvg}. */
  svg: string;
  /** The same chart as a Vega-Lite spec, without `$schema`. */
  vegaLite: Record<string, unknown>;
}

/**
 * The key under which Deno's Jupyter kernel looks for a MIME bundle.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "stallfree/lib/charts/chart.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A chart as the notebooks show it. */
export interface Chart extends ChartParts {
  /** The spec, with `$schema` set to Vega-Lite v5. */
  vegaLite: VegaLiteSpec;
  /** The MIME bundle: Vega-Lite, the SVG as `text/html`, and a line of text. */
  [JUPYTER_DISPLAY](): Record<string, unknown>;
}

const VEGA_LITE_V5 = "https://vega.github.io/schema/vega-lite/v5.json";
const SVG_NS = "http://www.w3.org/2000/svg";
const EMPTY_PAGE = "<!DOCTYPE html><html><body></body></html>";
type PlotDocument = Plot.PlotOptions["document"];

/**
 * Wraps a chart's two renderings in the object the Jupyter kernel displays.
 * The bundle avoids `image/svg+xml`, which Debian's nbconvert 6.5 blanks.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY, makeChart } from "stallfree/lib/charts/chart.ts";
 * import { assertEquals } from "@std/assert";
 * const chart = makeChart({ title: "Empty", svg: "<svg></svg>", vegaLite: { mark: "rect" } });
 * assertEquals(chart[JUPYTER_DISPLAY](), {
 *   "application/vnd.vegalite.v5+json": {
 *     $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *     mark: "rect",
 *   },
 *   "text/html": "<svg></svg>",
 *   "text/plain": "Chart: Empty",
 * });
 * ```
 */
export function makeChart(parts: ChartParts): Chart {
  const { title, svg, vegaLite } = parts;
  if (typeof title !== "string") {
    throw new TypeError(`Expected title to be a string but found ${describeValue(title)}`);
  }
  if (typeof svg !== "string" || !/^<(svg|figure)\b/.test(svg)) {
    const found = typeof svg === "string" ? JSON.stringify(svg.slice(0, 20)) : describeValue(svg);
    throw new TypeError(`Expected svg to start with <svg or <figure but found ${found}`);
  }
  const spec: VegaLiteSpec = { $schema: VEGA_LITE_V5, ...vegaLite };
  spec.$schema = VEGA_LITE_V5; // first in the JSON, and never a caller's other version
  return {
    title,
    svg,
    vegaLite: spec,
    [JUPYTER_DISPLAY]: () => ({
      "application/vnd.vegalite.v5+json": spec,
      "text/html": svg,
      "text/plain": `Chart: ${title}`,
    }),
  };
}

/**
 * Runs `Plot.plot(options)` against a server-side DOM and returns the markup.
 * A string `title` and `subtitle` are drawn inside the SVG's top margin rather
 * than in Plot's `<figure>`, so the result stays one standalone SVG that also
 * renders as a file; every `<svg>` gets the `xmlns` linkedom does not write.
 *
 * @example
 * ```ts
 * import { plotSvg } from "stallfree/lib/charts/chart.ts";
 * import * as Plot from "@observablehq/plot";
 * import { assertMatch } from "@std/assert";
 * const svg = plotSvg({ title: "Dots", marks: [Plot.dot([1, 2, 3], { x: (d) => d })] });
 * assertMatch(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * assertMatch(svg, /<circle[^>]*>.*<circle[^>]*>.*<circle/s);
 * assertMatch(svg, />Dots<\/text>/);
 * ```
 */
export function plotSvg(options: Plot.PlotOptions): string {
  // linkedom's types lean on the DOM lib, which Deno does not load.
  const { document } = parseHTML(EMPTY_PAGE) as unknown as { document: PlotDocument };
  const node = Plot.plot({ ...withHeading(options), document });
  const svgs = node.tagName.toLowerCase() === "svg" ? [node] : [...node.querySelectorAll("svg")];
  for (const svg of svgs) svg.setAttribute("xmlns", SVG_NS);
  return node.outerHTML;
}

/** Heading lines {@linkcode plotSvg} draws in the top margin; `key` is also the mark's class. */
const HEADINGS = [
  { key: "title", fontSize: 14, fontWeight: "bold", fillOpacity: 1, lineHeight: 22 },
  { key: "subtitle", fontSize: 11, fontWeight: "normal", fillOpacity: 0.7, lineHeight: 16 },
] as const;

/** Moves string title and subtitle into text marks above the frame, left-aligned with it. */
function withHeading(options: Plot.PlotOptions): Plot.PlotOptions {
  const { title, subtitle, ...rest } = options;
  // A DOM node for a title is left to Plot's <figure>.
  const isNode = (value: unknown) => value !== undefined && typeof value !== "string";
  const lines = HEADINGS.filter(({ key }) => typeof options[key] === "string");
  if (lines.length === 0 || isNode(title) || isNode(subtitle)) return options;
  const room = lines.reduce((sum, line) => sum + line.lineHeight, 4);
  const marginTop = (rest.marginTop ?? 20) + room;
  let y = 6;
  const marks = lines.map(({ key, lineHeight, ...font }) => {
    const mark = Plot.text([options[key]], {
      className: key,
      // Once over the whole plot, not in every facet.
      facet: "super",
      frameAnchor: "top-left",
      textAnchor: "start",
      lineAnchor: "top",
      dy: y - marginTop,
      ...font,
    });
    y += lineHeight;
    return mark;
  });
  return {
    ariaLabel: typeof title === "string" ? title : undefined,
    ...rest,
    marginTop,
    height: rest.height === undefined ? undefined : rest.height + room,
    marks: [...(rest.marks ?? []), ...marks],
  };
}
