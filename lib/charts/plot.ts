/**
 * Observable Plot outside the browser, and the few marks the static charts
 * compose: a dashed rule with its label (an SLO is one), a line with a dot per
 * point, axes with the house defaults. Every chart is one standalone SVG on
 * white, page wide, in 12px type, its title and subtitle drawn inside it.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { parseHTML } from "linkedom";
import type { XyChartOptions } from "./options.ts";

/** The width of a chart in pixels: the book's text column, which classic Notebook also fits. */
export const PAGE_WIDTH = 720;
/** The one colour of a single-series chart, and the dashed rules' red. */
export const COLOR = { mark: "#1f5fa8", rule: "#c0392b" } as const;
/** Tableau 10 without its red, which the rules keep, nor its pale yellow and grey. */
// deno-fmt-ignore
export const PALETTE = ["#4e79a7", "#f28e2c", "#59a14f", "#af7aa1", "#76b7b2", "#9c755f", "#ff9da7"];
/** A white halo keeps text readable where it crosses a line or grid. */
export const HALO = { stroke: "white", strokeWidth: 3, fill: "black" } as const;

const SVG_NS = "http://www.w3.org/2000/svg";
const STYLE = { fontSize: "12px", background: "white", color: "#1f2328" };
const HEADINGS = [
  { key: "title", fontSize: 16, fontWeight: "bold", fillOpacity: 1, lineHeight: 24 },
  { key: "subtitle", fontSize: 12, fontWeight: "normal", fillOpacity: 0.75, lineHeight: 17 },
] as const;
type PlotDocument = Plot.PlotOptions["document"];

/**
 * Runs `Plot.plot(options)` against a server-side DOM and returns one
 * standalone SVG: string `title` and `subtitle` (which may hold several lines)
 * are drawn in its top margin, not in Plot's `<figure>`.
 *
 * @example
 * ```ts
 * import { plotSvg } from "stallfree/lib/charts/plot.ts";
 * import * as Plot from "@observablehq/plot";
 * import { assertMatch } from "@std/assert";
 * const svg = plotSvg({ title: "Dots", marks: [Plot.dot([1, 2, 3], { x: (d) => d })] });
 * assertMatch(svg, /^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
 * assertMatch(svg, /<circle[^>]*>.*<circle[^>]*>.*<circle/s);
 * assertMatch(svg, /class="title"[^>]*>.*>Dots<\/text>/s);
 * ```
 */
export function plotSvg(options: Plot.PlotOptions): string {
  // linkedom's types lean on the DOM lib, which Deno does not load.
  const page = parseHTML("<!DOCTYPE html><html><body></body></html>");
  const { document } = page as unknown as { document: PlotDocument };
  const node = Plot.plot({ width: PAGE_WIDTH, style: STYLE, ...withHeading(options), document });
  node.setAttribute("xmlns", SVG_NS);
  return node.outerHTML;
}

/** Moves title and subtitle into text marks above the frame, left-aligned with it. */
function withHeading(options: Plot.PlotOptions): Plot.PlotOptions {
  const { title, subtitle, ...rest } = options;
  const lines = HEADINGS.flatMap(({ key, lineHeight, ...font }) => {
    const text = { title, subtitle }[key];
    const height = lineHeight * (typeof text === "string" ? text.split("\n").length : 0);
    return height
      ? [{ key, text, height, font: { ...font, lineHeight: lineHeight / font.fontSize } }]
      : [];
  });
  const room = lines.reduce((sum, line) => sum + line.height, 6);
  const marginTop = (rest.marginTop ?? 20) + room;
  let y = 6;
  const marks = lines.map(({ key, text, font, height }) => {
    // Once over the whole plot, not in every facet.
    const at = { facet: "super", frameAnchor: "top-left", textAnchor: "start", lineAnchor: "top" };
    const options = { ...at, ...font, className: key, dy: y - marginTop } as Plot.TextOptions;
    const mark = Plot.text([text], options);
    y += height;
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

/**
 * A chart with two quantitative axes and a grid, from resolved options.
 *
 * @example
 * ```ts
 * import { xySvg } from "stallfree/lib/charts/plot.ts";
 * import * as Plot from "@observablehq/plot";
 * import { assertMatch } from "@std/assert";
 * const o = { title: "T", width: 400, height: 200, xLabel: "load", yLabel: "TTFT", logX: false, logY: true };
 * assertMatch(xySvg(o, [Plot.dot([[1, 10]], { x: "0", y: "1" })]), />TTFT</);
 * ```
 */
export function xySvg(
  o: Required<XyChartOptions>,
  marks: Plot.Markish[],
  extra: Plot.PlotOptions = {},
): string {
  const axis = (label: string, isLog: boolean) =>
    ({ type: isLog ? "log" : "linear", label, labelAnchor: "center", inset: 12 }) as const;
  return plotSvg({
    ...{ title: o.title, width: o.width, height: o.height, grid: true, marks },
    ...{ marginTop: 20, marginRight: 20, marginBottom: 44, marginLeft: 64, ...extra },
    x: { ...axis(o.xLabel, o.logX), ...extra.x },
    y: { ...axis(o.yLabel, o.logY), ...extra.y },
  });
}

/**
 * A dashed red rule across (`"y"`) or up (`"x"`) at `value`, its label set
 * above the rule's left end or beside its top; no label when `label` is empty.
 *
 * @example
 * ```ts
 * import { plotSvg, ruleMarks } from "stallfree/lib/charts/plot.ts";
 * import { assertMatch } from "@std/assert";
 * const svg = plotSvg({ y: { domain: [0, 200] }, marks: ruleMarks("y", 100, "SLO") });
 * assertMatch(svg, /aria-label="rule"/);
 * assertMatch(svg, /class="y-rule".*>SLO<\/text>/s);
 * ```
 */
export function ruleMarks(axis: "x" | "y", value: number, label: string): Plot.Markish[] {
  const dashed = { stroke: COLOR.rule, strokeDasharray: "5,4" };
  const rule = (axis === "x" ? Plot.ruleX : Plot.ruleY)([value], dashed);
  if (label === "") return [rule];
  const place = axis === "y"
    ? { frameAnchor: "left", dx: 4, dy: -8 }
    : { frameAnchor: "top", lineAnchor: "top", dx: 4, dy: 2 };
  const text = Plot.text([value], {
    ...{ [axis]: Plot.identity, text: () => label, ...HALO, ...place, textAnchor: "start" },
    ...{ fill: COLOR.rule, className: `${axis}-rule` },
  } as Plot.TextOptions);
  return [rule, text];
}

/**
 * A line through `data` in the order given, with a dot (and its tooltip) per point.
 *
 * @example
 * ```ts
 * import { lineDots, plotSvg } from "stallfree/lib/charts/plot.ts";
 * import { assertEquals } from "@std/assert";
 * const svg = plotSvg({ marks: lineDots([[1, 2], [2, 4]], { x: "0", y: "1" }) });
 * assertEquals(svg.match(/<circle /g)?.length, 2);
 * ```
 */
export function lineDots<T>(
  data: readonly T[],
  options: Plot.LineOptions & { r?: number },
): Plot.Markish[] {
  const { r = 3.5, title, strokeWidth = 2, ...xy } = options;
  const color = xy.stroke ?? COLOR.mark;
  return [
    Plot.line(data, { ...xy, stroke: color, strokeWidth }),
    Plot.dot(data, { ...xy, fill: color, r, title, stroke: undefined }),
  ];
}

/** The smallest and largest of `values`, without spreading them onto the stack. */
export function extent(values: readonly number[]): [number, number] {
  return [values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))];
}
