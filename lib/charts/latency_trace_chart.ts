/**
 * Decode-latency traces side by side: one panel per series, the victim's step
 * across, what the step cost it (tokens) up, on one shared scale so a 257-token
 * stall and a run of 33-token steps compare at a glance.
 *
 * Panels wrap into rows once a row would pass 1,024 pixels.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireKnownKeys, requireRecords } from "../validate.ts";

/** One decode stream's step costs under one configuration. */
export interface LatencyTrace {
  /** The panel's heading, e.g. `"threshold 32"`; unique within a chart. */
  label: string;
  /** The cost of each of the victim's steps in tokens, in step order. */
  costs: number[];
}

/** Options for {@linkcode latencyTraceChart}. */
export interface LatencyTraceChartOptions {
  /** The heading above the chart. @default {"Decode latency, step by step"} */
  title?: string;
  /** A line under the heading. @default {undefined} */
  subtitle?: string;
  /** The x axis title. @default {"victim's step"} */
  xLabel?: string;
  /** The y axis title. @default {"step cost (tokens)"} */
  yLabel?: string;
  /** Width of each panel's plotting area in pixels. @default {300} */
  panelWidth?: number;
  /** Height of each panel's plotting area in pixels. @default {260} */
  height?: number;
  /** Put cost on a log scale, so 257 and 1 both read. @default {true} */
  logY?: boolean;
}

const DEFAULTS = {
  title: "Decode latency, step by step",
  xLabel: "victim's step",
  yLabel: "step cost (tokens)",
  panelWidth: 300,
  height: 260,
  logY: true,
};
type Resolved = typeof DEFAULTS & { subtitle?: string };
type Row = { series: string; step: number; cost: number };

const COLOR = "#1f5fa8";
const MAX_WIDTH = 1024;
/** Pixels between panels, and between the outermost points and a panel's edge. */
const GAP = { x: 20, y: 36, inset: 6 };
const MARGIN = { marginTop: 24, marginRight: 12, marginBottom: 40, marginLeft: 56 };
const XY = { x: "step", y: "cost", fx: "column", fy: "row" } as const;
const PANEL_TITLE = {
  className: "panels",
  frameAnchor: "top",
  lineAnchor: "bottom",
  dy: -7,
  fontSize: 12,
  fontWeight: "bold",
} as const;
const finite = (isLog: boolean) => isLog ? "a finite number > 0" : "a finite number";

/**
 * Draws one panel per series, in the order given, each a line with a dot per step.
 *
 * @example
 * ```ts
 * import { latencyTraceChart } from "stallfree/lib/charts/latency_trace_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = latencyTraceChart([
 *   { label: "threshold 0", costs: [257, 2, 1] },
 *   { label: "threshold 32", costs: [33, 33, 2, 1] },
 * ]);
 * assertEquals(chart.title, "Decode latency, step by step");
 * assertMatch(chart.svg, /<g [^>]*aria-label="dot"[^>]*>(<g [^>]*>(<circle[^>]*>.*?<\/circle>)+<\/g>){2}<\/g>/s);
 * assertMatch(chart.svg, />threshold 32<\/text>/);
 * ```
 */
export function latencyTraceChart(
  series: readonly LatencyTrace[],
  options: LatencyTraceChartOptions = {},
): Chart {
  const o = resolveOptions(options);
  const rows = requireSeries(series, o.logY);
  const layout = traceLayout(rows, series.map((trace) => trace.label), o);
  return makeChart({
    title: o.title,
    svg: traceSvg(rows, layout, o),
    vegaLite: traceSpec(rows, layout, o),
  });
}

/**
 * Returns a copy of `costs` if it is a non-empty array of finite numbers
 * (all `> 0` when `isLog`), else throws naming `field` and the first bad entry.
 *
 * @example
 * ```ts
 * import { requireCosts } from "stallfree/lib/charts/latency_trace_chart.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(
 *   () => requireCosts("series[1].costs", [33, 2, 1, 0], true),
 *   RangeError,
 *   "Expected series[1].costs[3] to be a finite number > 0 but found 0",
 * );
 * ```
 */
export function requireCosts(field: string, costs: unknown, isLog: boolean): number[] {
  if (!Array.isArray(costs) || costs.length === 0) {
    const found = Array.isArray(costs) ? "an empty array" : describeValue(costs);
    const ErrorType = Array.isArray(costs) ? RangeError : TypeError;
    throw new ErrorType(`Expected ${field} to be a non-empty array but found ${found}`);
  }
  costs.forEach((cost, i) => requireNumber(`${field}[${i}]`, cost, finite(isLog)));
  return [...costs];
}

function resolveOptions(options: LatencyTraceChartOptions): Resolved {
  requireKnownKeys("options", options, [...Object.keys(DEFAULTS), "subtitle"]);
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: Resolved = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ["title", "xLabel", "yLabel", "logY"] as const) {
    if (typeof o[key] !== typeof DEFAULTS[key]) {
      const found = describeValue(o[key]);
      throw new TypeError(`Expected ${key} to be a ${typeof DEFAULTS[key]} but found ${found}`);
    }
  }
  if (o.subtitle !== undefined && typeof o.subtitle !== "string") {
    throw new TypeError(`Expected subtitle to be a string but found ${describeValue(o.subtitle)}`);
  }
  requireNumber("panelWidth", o.panelWidth, "a number > 0");
  requireNumber("height", o.height, "a number > 0");
  return o;
}

/** One row per (series, step), steps counted from 1. */
function requireSeries(series: readonly LatencyTrace[], isLog: boolean): Row[] {
  const seen = new Map<string, number>();
  return requireRecords("series", series, (trace, i) => {
    const { label, costs } = trace;
    if (typeof label !== "string") {
      const found = describeValue(label);
      throw new TypeError(`Expected series[${i}].label to be a string but found ${found}`);
    }
    if (seen.has(label)) {
      const found = `${describeValue(label)}, the label of series[${seen.get(label)}]`;
      throw new RangeError(`Expected series[${i}].label to be unique but found ${found}`);
    }
    seen.set(label, i);
    return requireCosts(`series[${i}].costs`, costs, isLog)
      .map((cost, j) => ({ series: label, step: j + 1, cost }));
  }).flat();
}

/** Throws unless `value` is a finite number, and `> 0` when `rule` says so. */
function requireNumber(field: string, value: unknown, rule: string): void {
  const isPositive = rule.endsWith("> 0");
  const message = `Expected ${field} to be ${rule} but found ${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  if (!Number.isFinite(value) || (isPositive && value <= 0)) throw new RangeError(message);
}

/** Panel grid, shared domains and step ticks, common to both renderings. */
type Layout = ReturnType<typeof traceLayout>;

function traceLayout(rows: Row[], labels: string[], o: Resolved) {
  // Balanced rows: 5 panels that fit 3 to a row go 3 + 2, 6 go 3 + 3.
  const room = MAX_WIDTH - MARGIN.marginLeft - MARGIN.marginRight + GAP.x;
  const numRows = Math.ceil(labels.length / Math.max(1, Math.floor(room / (o.panelWidth + GAP.x))));
  const maxStep = rows.reduce((max, row) => Math.max(max, row.step), 1);
  const lo = rows.reduce((min, row) => Math.min(min, row.cost), o.logY ? Infinity : 0);
  const hi = rows.reduce((max, row) => Math.max(max, row.cost), -Infinity);
  return {
    labels,
    numRows,
    numColumns: Math.ceil(labels.length / numRows),
    x: [1, maxStep],
    y: [lo, hi],
    xTicks: stepTicks(maxStep, o.panelWidth),
  };
}

function traceSvg(rows: Row[], layout: Layout, o: Resolved): string {
  const { labels, numRows, numColumns } = layout;
  // Panels sit on a grid of facets: fx the column, fy the row.
  const cell = (label: string) => {
    const i = labels.indexOf(label);
    return { column: i % numColumns, row: Math.floor(i / numColumns) };
  };
  const placed = rows.map((row) => ({ ...row, ...cell(row.series) }));
  const panels = labels.map((label) => ({ label, ...cell(label) }));
  const band = (n: number, size: number, gap: number) => ({
    domain: [...Array(n).keys()],
    // d3 shrinks a lone band by its padding, so only gaps between panels get any.
    paddingInner: n > 1 ? gap / (size + gap) : 0,
    paddingOuter: 0,
    axis: null,
  });
  const tip = (row: Row) => `${row.series}\nstep ${row.step}\ncost ${row.cost}`;
  const axis = { labelAnchor: "center", inset: GAP.inset, nice: false } as const;
  return plotSvg({
    title: o.title,
    subtitle: o.subtitle,
    ...MARGIN,
    width: MARGIN.marginLeft + MARGIN.marginRight + numColumns * (o.panelWidth + GAP.x) - GAP.x,
    height: MARGIN.marginTop + MARGIN.marginBottom + numRows * (o.height + GAP.y) - GAP.y,
    fx: band(numColumns, o.panelWidth, GAP.x),
    fy: band(numRows, o.height, GAP.y),
    x: { ...axis, domain: layout.x, label: o.xLabel, ticks: layout.xTicks, tickFormat: "d" },
    y: { ...axis, domain: layout.y, label: o.yLabel, type: o.logY ? "log" : "linear", grid: true },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.line(placed, { ...XY, stroke: COLOR, strokeWidth: 1.5 }),
      Plot.dot(placed, { ...XY, fill: COLOR, r: 2.5, title: tip }),
      Plot.text(panels, { fx: "column", fy: "row", text: "label", ...PANEL_TITLE }),
    ],
  });
}

function traceSpec(rows: Row[], layout: Layout, o: Resolved) {
  // Like Plot's, the domains are not rounded out; Vega's pixel padding is Plot's inset.
  const scale = { nice: false, padding: GAP.inset };
  const x = {
    field: "step",
    type: "quantitative",
    title: o.xLabel,
    scale: { ...scale, domain: layout.x, zero: false },
    axis: { values: layout.xTicks, format: "d" },
  };
  const y = {
    field: "cost",
    type: "quantitative",
    title: o.yLabel,
    scale: { ...scale, domain: layout.y, type: o.logY ? "log" : "linear" },
  };
  const tooltip = ["series", "step", "cost"]
    .map((field) => ({ field, type: field === "series" ? "nominal" : "quantitative" }));
  return {
    title: o.subtitle === undefined ? o.title : { text: o.title, subtitle: o.subtitle },
    data: { values: rows },
    columns: layout.numColumns,
    spacing: { column: GAP.x, row: GAP.y },
    facet: {
      field: "series",
      type: "nominal",
      sort: layout.labels,
      title: null,
      header: { labelFontSize: 12, labelFontWeight: "bold" },
    },
    spec: {
      width: o.panelWidth,
      height: o.height,
      encoding: { x, y },
      layer: [
        { mark: { type: "line", color: COLOR } },
        { mark: { type: "point", filled: true, size: 24, color: COLOR }, encoding: { tooltip } },
      ],
    },
  };
}

/** Whole-number steps, about one tick per 50 pixels, spaced 1, 2, 5, 10, 20, ... apart. */
function stepTicks(maxStep: number, width: number): number[] {
  const wanted = maxStep / Math.max(1, Math.floor(width / 50));
  const power = 10 ** Math.floor(Math.log10(Math.max(1, wanted)));
  const every = [1, 2, 5, 10].map((m) => m * power).find((k) => k >= wanted)!;
  return Array.from({ length: Math.floor(maxStep / every) }, (_, i) => (i + 1) * every);
}
