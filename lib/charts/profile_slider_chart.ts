/**
 * The victim's decode-latency trace under one threshold at a time. In
 * JupyterLab (Vega-Lite) a selector picks the threshold and the trace redraws
 * on fixed axes, so the change reads as movement; the static SVG, for readers
 * without JavaScript, draws every threshold as a panel on the same scales.
 *
 * @module
 */
import { type Chart, makeChart } from "./chart.ts";
import { latencyTraceChart, requireCosts } from "./latency_trace_chart.ts";
import { describeValue, requireInteger, requireKnownKeys, requireRecords } from "../validate.ts";

/** The victim's step costs when the scheduler ran with one threshold. */
export interface LatencyProfile {
  /** The threshold, e.g. the long-prefill chunk size in tokens; unique within a chart. */
  threshold: number;
  /** The cost of each of the victim's steps in tokens, in step order. */
  costs: number[];
}

/** Options for {@linkcode profileSliderChart}. */
export interface ProfileSliderChartOptions {
  /** The heading above the chart. @default {"The victim's latency as the threshold changes"} */
  title?: string;
  /** Width of the plotting area, and of each panel in the SVG, in pixels. @default {300} */
  panelWidth?: number;
  /** Height of the plotting area, and of each panel in the SVG, in pixels. @default {260} */
  height?: number;
  /** Put cost on a log scale. @default {true} */
  logY?: boolean;
}

const DEFAULTS = {
  title: "The victim's latency as the threshold changes",
  panelWidth: 300,
  height: 260,
  logY: true,
};
const SUBTITLE = "One panel per threshold; the interactive version has a threshold selector";
/** The axis titles {@linkcode latencyTraceChart} gives the static version. */
const LABELS = { x: "victim's step", y: "step cost (tokens)" };
const COLOR = "#1f5fa8";
/** The threshold on show, in the plot's top right corner. */
const CAPTION = {
  type: "text",
  text: { expr: "'threshold ' + threshold" },
  x: { expr: "width - 6" },
  y: 6,
  align: "right",
  baseline: "top",
  fontSize: 12,
  fontWeight: "bold",
};
type Row = { threshold: number; step: number; cost: number };

/**
 * Draws one latency trace per threshold: a selector between them when
 * interactive, side-by-side panels when static.
 *
 * @example
 * ```ts
 * import { profileSliderChart } from "stallfree/lib/charts/profile_slider_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = profileSliderChart([
 *   { threshold: 0, costs: [257, 2, 1] },
 *   { threshold: 32, costs: [33, 33, 2, 1] },
 * ]);
 * const [param] = chart.vegaLite.params as { value: number; bind: { options: number[] } }[];
 * assertEquals([param.value, param.bind.options], [0, [0, 32]]);
 * assertMatch(chart.svg, />threshold 0<\/text>.*>threshold 32<\/text>/s);
 * ```
 */
export function profileSliderChart(
  profiles: readonly LatencyProfile[],
  options: ProfileSliderChartOptions = {},
): Chart {
  const o = resolveOptions(options);
  const rows = requireProfiles(profiles, o.logY);
  const thresholds = profiles.map((profile) => profile.threshold);
  const series = profiles.map(({ threshold, costs }) => ({
    label: `threshold ${threshold}`,
    costs,
  }));
  const { svg } = latencyTraceChart(series, { ...o, subtitle: SUBTITLE });
  return makeChart({ title: o.title, svg, vegaLite: sliderSpec(rows, thresholds, o) });
}

function resolveOptions(options: ProfileSliderChartOptions): typeof DEFAULTS {
  requireKnownKeys("options", options, Object.keys(DEFAULTS));
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: typeof DEFAULTS = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ["title", "logY"] as const) {
    if (typeof o[key] !== typeof DEFAULTS[key]) {
      const found = describeValue(o[key]);
      throw new TypeError(`Expected ${key} to be a ${typeof DEFAULTS[key]} but found ${found}`);
    }
  }
  for (const key of ["panelWidth", "height"] as const) {
    const message = `Expected ${key} to be a number > 0 but found ${describeValue(o[key])}`;
    if (typeof o[key] !== "number") throw new TypeError(message);
    if (!Number.isFinite(o[key]) || o[key] <= 0) throw new RangeError(message);
  }
  return o;
}

/** One row per (threshold, step), steps counted from 1. */
function requireProfiles(profiles: readonly LatencyProfile[], isLog: boolean): Row[] {
  const seen = new Map<number, number>();
  return requireRecords("profiles", profiles, (profile, i) => {
    const threshold = requireInteger(`profiles[${i}].threshold`, profile.threshold, 0);
    if (seen.has(threshold)) {
      const found = `${threshold}, the threshold of profiles[${seen.get(threshold)}]`;
      throw new RangeError(`Expected profiles[${i}].threshold to be unique but found ${found}`);
    }
    seen.set(threshold, i);
    return requireCosts(`profiles[${i}].costs`, profile.costs, isLog)
      .map((cost, j) => ({ threshold, step: j + 1, cost }));
  }).flat();
}

/** A slider when the thresholds step evenly upward, else a drop-down of the exact values. */
function thresholdInput(thresholds: number[]) {
  const step = thresholds[1] - thresholds[0];
  const isEven = thresholds.length > 2 && step > 0 &&
    thresholds.every((threshold, i) => threshold === thresholds[0] + i * step);
  const name = "threshold ";
  return isEven
    ? { input: "range", min: thresholds[0], max: thresholds.at(-1), step, name }
    : { input: "select", options: thresholds, name };
}

function sliderSpec(rows: Row[], thresholds: number[], o: typeof DEFAULTS) {
  // Domains span every threshold's trace, so the axes hold still while the trace moves.
  const costs = rows.map((row) => row.cost);
  const lo = costs.reduce((min, cost) => Math.min(min, cost), o.logY ? Infinity : 0);
  const hi = costs.reduce((max, cost) => Math.max(max, cost), -Infinity);
  const maxStep = rows.reduce((max, row) => Math.max(max, row.step), 1);
  const scale = { nice: false, padding: 6 };
  const x = {
    field: "step",
    type: "quantitative",
    title: LABELS.x,
    scale: { ...scale, domain: [1, maxStep], zero: false },
    axis: { tickMinStep: 1 },
  };
  const y = {
    field: "cost",
    type: "quantitative",
    title: LABELS.y,
    scale: { ...scale, domain: [lo, hi], type: o.logY ? "log" : "linear" },
  };
  const tooltip = ["threshold", "step", "cost"].map((field) => ({ field, type: "quantitative" }));
  const line = { mark: { type: "line", color: COLOR } };
  const dots = {
    mark: { type: "point", filled: true, size: 24, color: COLOR },
    encoding: { tooltip },
  };
  return {
    title: o.title,
    width: o.panelWidth,
    height: o.height,
    data: { values: rows },
    params: [{ name: "threshold", value: thresholds[0], bind: thresholdInput(thresholds) }],
    transform: [{ filter: "datum.threshold == threshold" }],
    layer: [
      { encoding: { x, y }, layer: [line, dots] },
      // Names the threshold on show; one row (step 1) of the filtered trace carries it.
      { transform: [{ filter: "datum.step == 1" }], mark: CAPTION },
    ],
  };
}
