/**
 * A general multi-series line chart: one line with dots per series, joined in
 * x order, each series in its own colour, with optional dashed rules (say, an
 * SLO across and a load of interest up).
 *
 * The SVG names each series at the end of its line rather than in a legend:
 * Plot's swatch legend is HTML set above the SVG, so the chart would stop
 * being one standalone SVG. Does not move labels off lines other than their
 * own, only apart from one another.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireKnownKeys, requireRecords } from "../validate.ts";

/** One point of one series. */
export interface LinePoint {
  /** The series' name, e.g. `"budget 512, threshold 64"`. */
  series: string;
  /** Across, e.g. offered load in requests per step. */
  x: number;
  /** Up, e.g. the worst TTFT in steps. */
  y: number;
}

/** Options for {@linkcode lineChart}. */
export interface LineChartOptions {
  /** The heading above the chart. @default {"Line chart"} */
  title?: string;
  /** The x axis title. @default {"x"} */
  xLabel?: string;
  /** The y axis title. @default {"y"} */
  yLabel?: string;
  /** Total width in pixels, margins included. @default {640} */
  width?: number;
  /** Total height in pixels, margins included, heading excluded. @default {360} */
  height?: number;
  /** Put x on a log scale. @default {false} */
  logX?: boolean;
  /** Put y on a log scale. @default {false} */
  logY?: boolean;
  /** Draw a dashed horizontal rule at this y, e.g. an SLO. @default {undefined} */
  yRule?: number;
  /** The text set above the left end of the y rule. @default {""} */
  yRuleLabel?: string;
  /** Draw a dashed vertical rule at this x. @default {undefined} */
  xRule?: number;
  /** The text set beside the top of the x rule. @default {""} */
  xRuleLabel?: string;
}

const DEFAULTS = {
  title: "Line chart",
  xLabel: "x",
  yLabel: "y",
  width: 640,
  height: 360,
  logX: false,
  logY: false,
  yRuleLabel: "",
  xRuleLabel: "",
};
type Resolved = typeof DEFAULTS & { yRule?: number; xRule?: number };
const KEYS = ["title", "xLabel", "yLabel", "width", "height", "logX", "logY"]
  .concat(["yRule", "yRuleLabel", "xRule", "xRuleLabel"]);

/** Tableau 10 without its red, which the rules keep, nor its pale yellow and grey. */
const PALETTE = ["#4e79a7", "#f28e2c", "#59a14f", "#af7aa1", "#76b7b2", "#9c755f", "#ff9da7"];
const RULE_COLOR = "#c0392b";
/** Pixels between the outermost points and the frame, in both renderings. */
const INSET = 12;
const LABEL = { dx: 8, fontSize: 11, lineHeight: 13 };
/** A white halo keeps text readable where it crosses a line; Plot then needs a fill. */
const HALO = { stroke: "white", strokeWidth: 3, fontSize: LABEL.fontSize } as const;
const MARGIN = { marginTop: 20, marginBottom: 42, marginLeft: 60 };
/** Where each rule's label sits in each rendering: y's above its left end, x's beside its top. */
const RULE_TEXT = {
  y: {
    plot: { frameAnchor: "left", textAnchor: "start", dx: 4, dy: -7 },
    vega: { x: 0, align: "left", dx: 4, dy: -7 },
  },
  x: {
    plot: { frameAnchor: "top", textAnchor: "start", lineAnchor: "top", dx: 4, dy: 2 },
    vega: { y: 0, align: "left", baseline: "top", dx: 4, dy: 2 },
  },
} as const;
const finite = (isLog: boolean) => isLog ? "a finite number > 0" : "a finite number";

/**
 * Draws one line with dots per series of `points`, each in x order, with
 * optional dashed rules.
 *
 * @example
 * ```ts
 * import { lineChart } from "stallfree/lib/charts/line_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = lineChart([
 *   { series: "a", x: 2, y: 4 },
 *   { series: "a", x: 1, y: 1 },
 *   { series: "b", x: 1, y: 2 },
 * ], { yRule: 3, yRuleLabel: "SLO" });
 * assertEquals(chart.svg.match(/<circle /g)?.length, 3);
 * assertMatch(chart.svg, /class="series"[^>]*>.*>a<\/text>.*>b<\/text>/s);
 * assertMatch(chart.svg, />SLO<\/text>/);
 * ```
 */
export function lineChart(points: readonly LinePoint[], options: LineChartOptions = {}): Chart {
  const o = resolveOptions(options);
  const rows = requirePoints(points, o);
  const names = [...new Set(rows.map((p) => p.series))];
  const longest = names.reduce((max, name) => Math.max(max, name.length), 0);
  const margin = { ...MARGIN, marginRight: LABEL.dx + 6 * longest + 8 };
  const frame = {
    width: Math.max(1, o.width - margin.marginLeft - margin.marginRight),
    height: Math.max(1, o.height - margin.marginTop - margin.marginBottom),
  };
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const svg = lineSvg(rows, o, { margin, frame, color });
  return makeChart({ title: o.title, svg, vegaLite: lineSpec(rows, o, frame, color) });
}

function resolveOptions(options: LineChartOptions): Resolved {
  requireKnownKeys("options", options, KEYS);
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: Resolved = { ...DEFAULTS, ...Object.fromEntries(given) };
  const typed = ["title", "xLabel", "yLabel", "logX", "logY", "yRuleLabel", "xRuleLabel"] as const;
  for (const key of typed) {
    if (typeof o[key] !== typeof DEFAULTS[key]) {
      const found = describeValue(o[key]);
      throw new TypeError(`Expected ${key} to be a ${typeof DEFAULTS[key]} but found ${found}`);
    }
  }
  for (const key of ["width", "height"] as const) requireNumber(key, o[key], "a number > 0");
  if (o.xRule !== undefined) requireNumber("xRule", o.xRule, finite(o.logX));
  if (o.yRule !== undefined) requireNumber("yRule", o.yRule, finite(o.logY));
  return o;
}

/** Copies each point, refusing any a log axis cannot place; series by first appearance, then x. */
function requirePoints(points: readonly LinePoint[], o: Resolved): LinePoint[] {
  const rows = requireRecords("points", points, (point, i) => {
    if (typeof point.series !== "string") {
      const found = describeValue(point.series);
      throw new TypeError(`Expected points[${i}].series to be a string but found ${found}`);
    }
    requireNumber(`points[${i}].x`, point.x, finite(o.logX));
    requireNumber(`points[${i}].y`, point.y, finite(o.logY));
    return { series: point.series, x: point.x, y: point.y };
  });
  const rank = new Map([...new Set(rows.map((p) => p.series))].map((name, i) => [name, i]));
  return rows.sort((a, b) => rank.get(a.series)! - rank.get(b.series)! || a.x - b.x);
}

/** Throws unless `value` is a finite number, and `> 0` when `rule` says so. */
function requireNumber(field: string, value: unknown, rule: string): void {
  const message = `Expected ${field} to be ${rule} but found ${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  if (!Number.isFinite(value) || (rule.endsWith("> 0") && value <= 0)) {
    throw new RangeError(message);
  }
}

type Frame = { width: number; height: number };
type Color = { domain: string[]; range: string[] };
type Layout = { margin: typeof MARGIN & { marginRight: number }; frame: Frame; color: Color };
const AXES = ["y", "x"] as const;

function lineSvg(rows: LinePoint[], o: Resolved, { margin, frame, color }: Layout): string {
  const domain = (axis: "x" | "y") =>
    extent([...rows.map((p) => p[axis]), o[`${axis}Rule`] ?? []].flat());
  const axis = (isLog: boolean, label: string, domain: number[]) =>
    ({
      type: isLog ? "log" : "linear",
      domain,
      label,
      labelAnchor: "center",
      inset: INSET,
    }) as const;
  const rules = AXES.flatMap((axis) => {
    const value = o[`${axis}Rule`];
    const label = o[`${axis}RuleLabel`];
    if (value === undefined) return [];
    const text = { [axis]: Plot.identity, text: () => label, ...HALO, ...RULE_TEXT[axis].plot };
    return [
      (axis === "x" ? Plot.ruleX : Plot.ruleY)([value], {
        stroke: RULE_COLOR,
        strokeDasharray: "5,4",
      }),
      label === ""
        ? null
        : Plot.text([value], { ...text, fill: RULE_COLOR, className: `${axis}-rule` }),
    ];
  });
  const tip = (p: LinePoint) => `${p.series}\nx ${p.x}\ny ${p.y}`;
  // One mark per end label, as Plot's dy is one number per mark.
  const ends = endLabels(rows, domain("y"), o.logY, frame.height).map(({ point, dy }) =>
    Plot.text([point], {
      x: "x",
      y: "y",
      text: "series",
      ...HALO,
      fill: color.range[color.domain.indexOf(point.series)],
      textAnchor: "start",
      dx: LABEL.dx,
      dy,
      className: "series",
    })
  );
  return plotSvg({
    title: o.title,
    width: o.width,
    height: o.height,
    ...margin,
    grid: true,
    x: axis(o.logX, o.xLabel, domain("x")),
    y: axis(o.logY, o.yLabel, domain("y")),
    color,
    marks: [
      ...rules,
      Plot.line(rows, { x: "x", y: "y", stroke: "series", strokeWidth: 2 }),
      Plot.dot(rows, { x: "x", y: "y", fill: "series", r: 3, title: tip }),
      ...ends,
    ],
  });
}

/** The smallest and largest of `values`, without spreading them onto the stack. */
function extent(values: number[]): [number, number] {
  return [values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))];
}

/**
 * The last point of each series, with the vertical nudge in pixels that keeps
 * its label a line apart from the others and inside the frame.
 */
function endLabels(rows: LinePoint[], domain: [number, number], isLog: boolean, height: number) {
  const [lo, hi] = domain.map((v) => isLog ? Math.log(v) : v);
  const pixel = (v: number) => {
    const t = hi === lo ? 0.5 : ((isLog ? Math.log(v) : v) - lo) / (hi - lo);
    return INSET + (1 - t) * (height - 2 * INSET);
  };
  const last = new Map(rows.map((p) => [p.series, p]));
  const labels = [...last.values()].map((point) => ({ point, at: pixel(point.y) }))
    .sort((a, b) => a.at - b.at);
  const placed = labels.map(({ at }) => at);
  // Push each label down clear of the one above, then back up clear of the frame's bottom.
  for (let i = 1; i < placed.length; i++) {
    placed[i] = Math.max(placed[i], placed[i - 1] + LABEL.lineHeight);
  }
  for (let i = placed.length - 1; i >= 0; i--) {
    placed[i] = Math.min(
      placed[i],
      (placed[i + 1] ?? height + LABEL.lineHeight) - LABEL.lineHeight,
    );
  }
  return labels.map(({ point, at }, i) => ({ point, dy: placed[i] - at }));
}

function lineSpec(rows: LinePoint[], o: Resolved, frame: Frame, color: Color) {
  // Like Plot's, the domain is neither rounded out nor stretched to zero.
  const scale = (isLog: boolean) => ({
    ...(isLog ? { type: "log" } : { type: "linear", zero: false }),
    nice: false,
    padding: INSET,
  });
  const x = { field: "x", type: "quantitative", title: o.xLabel, scale: scale(o.logX) };
  const y = { field: "y", type: "quantitative", title: o.yLabel, scale: scale(o.logY) };
  const series = {
    field: "series",
    type: "nominal",
    scale: color,
    legend: { title: null, labelLimit: 400 },
  };
  const tooltip = [{ field: "series", type: "nominal" }, x, y].map(({ field, type }) => ({
    field,
    type,
  }));
  const rules = AXES.flatMap((axis) => {
    const value = o[`${axis}Rule`];
    const label = o[`${axis}RuleLabel`];
    if (value === undefined) return [];
    const field = `${axis}Rule`;
    const text = { type: "text", color: RULE_COLOR, text: label, ...RULE_TEXT[axis].vega };
    return [{
      data: { values: [{ [field]: value }] },
      encoding: { [axis]: { ...(axis === "x" ? x : y), field } },
      layer: [
        { mark: { type: "rule", color: RULE_COLOR, strokeDash: [5, 4] } },
        ...(label === "" ? [] : [{ mark: text }]),
      ],
    }];
  });
  return {
    title: o.title,
    ...frame,
    data: { values: rows },
    layer: [
      {
        mark: { type: "line", strokeWidth: 2 },
        encoding: { x, y, color: series, order: { field: "x" } },
      },
      {
        mark: { type: "point", filled: true, size: 40, opacity: 1 },
        encoding: { x, y, color: series, tooltip },
      },
      ...rules,
    ],
  };
}
