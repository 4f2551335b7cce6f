/**
 * The trade-off every chapter measures: one point per scheduler configuration
 * (say, per chunk threshold), the long prompt's TTFT across, a decode stream's
 * latency up, joined in the order given so the curve reads as the knob turns.
 *
 * Configurations that land on the same spot share one label ("off, 512").
 * Does not otherwise move labels off the line or off one another.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireKnownKeys, requireRecords } from "../validate.ts";

/** One configuration's outcome. */
export interface LatencyTtftPoint {
  /** The configuration's name on the chart, e.g. `"32"` or `"off"`. */
  label: string;
  /** The long prompt's time to first token, in steps. */
  ttftSteps: number;
  /** The decode stream's latency in tokens per step, e.g. its worst step or p99. */
  latency: number;
}

/** Options for {@linkcode latencyTtftChart}. */
export interface LatencyTtftChartOptions {
  /** The heading above the chart. @default {"Latency versus TTFT"} */
  title?: string;
  /** The x axis title. @default {"TTFT of the long prompt (steps)"} */
  xLabel?: string;
  /** The y axis title. @default {"worst step the decode waits for (tokens)"} */
  yLabel?: string;
  /** Total width in pixels, margins included. @default {640} */
  width?: number;
  /** Total height in pixels, margins included, heading excluded. @default {360} */
  height?: number;
  /** Put TTFT on a log scale. @default {false} */
  logX?: boolean;
  /** Put latency on a log scale. @default {false} */
  logY?: boolean;
  /** Draw a dashed rule labelled "SLO" at this latency. @default {undefined} */
  slo?: number;
}

const DEFAULTS = {
  title: "Latency versus TTFT",
  xLabel: "TTFT of the long prompt (steps)",
  yLabel: "worst step the decode waits for (tokens)",
  width: 640,
  height: 360,
  logX: false,
  logY: false,
};
type Resolved = typeof DEFAULTS & { slo?: number };

const COLOR = "#1f5fa8";
const SLO_COLOR = "#c0392b";
/** Pixels between the outermost points and the frame, in both renderings. */
const INSET = 16;
const XY = { x: "ttftSteps", y: "latency" } as const;
const LABEL = { fontSize: 11, dx: 7, dy: -9 };
const HALO = { textAnchor: "start", fill: "black", stroke: "white", strokeWidth: 3 } as const;
const SLO_TEXT = { frameAnchor: "right", textAnchor: "end", dy: -6, fill: SLO_COLOR } as const;
/** A log axis cannot place zero or below. */
const finite = (isLog: boolean) => isLog ? "a finite number > 0" : "a finite number";
const MARGIN = { marginTop: 20, marginBottom: 42, marginLeft: 60 };

/**
 * Draws `points` as a labelled curve, TTFT on x and latency on y, with an
 * optional SLO rule.
 *
 * @example
 * ```ts
 * import { latencyTtftChart } from "stallfree/lib/charts/latency_ttft_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = latencyTtftChart([
 *   { label: "off", ttftSteps: 9, latency: 512 },
 *   { label: "64", ttftSteps: 66, latency: 65 },
 * ], { slo: 100 });
 * assertEquals(chart.title, "Latency versus TTFT");
 * assertMatch(chart.svg, /<g [^>]*aria-label="dot"[^>]*>(<circle[^>]*>.*?<\/circle>){2}<\/g>/s);
 * assertMatch(chart.svg, />SLO<\/text>/);
 * ```
 */
export function latencyTtftChart(
  points: readonly LatencyTtftPoint[],
  options: LatencyTtftChartOptions = {},
): Chart {
  const o = resolveOptions(options);
  const rows = requirePoints(points, o);
  const labels = sharedLabels(rows);
  // Labels start right of their dot, so the right margin fits the longest.
  const longest = labels.reduce((max, { label }) => Math.max(max, label.length), 3);
  const margin = { ...MARGIN, marginRight: LABEL.dx + 7 * longest + 6 };
  const axis = (isLog: boolean, label: string) =>
    ({ type: isLog ? "log" : "linear", label, labelAnchor: "center", inset: INSET }) as const;
  const tip = (p: LatencyTtftPoint) =>
    `${p.label}\nTTFT ${p.ttftSteps} steps\nlatency ${p.latency}`;
  const svg = plotSvg({
    title: o.title,
    width: o.width,
    height: o.height,
    ...margin,
    grid: true,
    x: axis(o.logX, o.xLabel),
    y: axis(o.logY, o.yLabel),
    marks: [
      Plot.line(rows, { ...XY, stroke: COLOR, strokeWidth: 1.5 }),
      Plot.dot(rows, { ...XY, fill: COLOR, r: 3.5, title: tip }),
      // A white halo keeps a label readable where it crosses a grid line.
      Plot.text(labels, { ...XY, ...LABEL, ...HALO, text: "label", className: "labels" }),
      ...(o.slo === undefined ? [] : [
        Plot.ruleY([o.slo], { stroke: SLO_COLOR, strokeDasharray: "5,4" }),
        Plot.text([o.slo], { y: Plot.identity, text: () => "SLO", className: "slo", ...SLO_TEXT }),
      ]),
    ],
  });
  const frame = {
    width: Math.max(1, o.width - margin.marginLeft - margin.marginRight),
    height: Math.max(1, o.height - margin.marginTop - margin.marginBottom),
  };
  return makeChart({ title: o.title, svg, vegaLite: latencyTtftSpec(rows, labels, o, frame) });
}

function resolveOptions(options: LatencyTtftChartOptions): Resolved {
  requireKnownKeys("options", options, [...Object.keys(DEFAULTS), "slo"]);
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: Resolved = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ["title", "xLabel", "yLabel", "logX", "logY"] as const) {
    if (typeof o[key] !== typeof DEFAULTS[key]) {
      const found = describeValue(o[key]);
      throw new TypeError(`Expected ${key} to be a ${typeof DEFAULTS[key]} but found ${found}`);
    }
  }
  requireNumber("width", o.width, "a number > 0");
  requireNumber("height", o.height, "a number > 0");
  if (o.slo !== undefined) requireNumber("slo", o.slo, finite(o.logY));
  return o;
}

/** Copies the three fields of each point, refusing any a log axis cannot place. */
function requirePoints(points: readonly LatencyTtftPoint[], o: Resolved): LatencyTtftPoint[] {
  return requireRecords("points", points, (point, i) => {
    const { label, ttftSteps, latency } = point;
    if (typeof label !== "string") {
      const found = describeValue(label);
      throw new TypeError(`Expected points[${i}].label to be a string but found ${found}`);
    }
    requireNumber(`points[${i}].ttftSteps`, ttftSteps, finite(o.logX));
    requireNumber(`points[${i}].latency`, latency, finite(o.logY));
    return { label, ttftSteps, latency };
  });
}

/** Throws unless `value` is a finite number, and `> 0` when `rule` says so. */
function requireNumber(field: string, value: unknown, rule: string): void {
  const isPositive = rule.endsWith("> 0");
  const message = `Expected ${field} to be ${rule} but found ${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  if (!Number.isFinite(value) || (isPositive && value <= 0)) throw new RangeError(message);
}

/** One label per distinct spot, the names of the points there joined in order. */
function sharedLabels(rows: LatencyTtftPoint[]): LatencyTtftPoint[] {
  const bySpot = new Map<string, LatencyTtftPoint>();
  for (const row of rows) {
    const spot = bySpot.get(`${row.ttftSteps},${row.latency}`);
    if (spot) spot.label += `, ${row.label}`;
    else bySpot.set(`${row.ttftSteps},${row.latency}`, { ...row });
  }
  return [...bySpot.values()];
}

function latencyTtftSpec(
  rows: LatencyTtftPoint[],
  labels: LatencyTtftPoint[],
  o: Resolved,
  frame: { width: number; height: number },
) {
  // Like Plot's, the domain is not rounded out, nor (on a linear scale) stretched to zero;
  // Vega's pixel padding is Plot's inset.
  const scale = (isLog: boolean) => ({
    ...(isLog ? { type: "log" } : { type: "linear", zero: false }),
    nice: false,
    padding: INSET,
  });
  const x = { field: "ttftSteps", type: "quantitative", title: o.xLabel, scale: scale(o.logX) };
  const y = { field: "latency", type: "quantitative", title: o.yLabel, scale: scale(o.logY) };
  const tooltip = ["label", "ttftSteps", "latency"].map((field) => ({
    field,
    type: field === "label" ? "nominal" : "quantitative",
  }));
  const slo = {
    data: { values: [{ slo: o.slo }] },
    encoding: { y: { ...y, field: "slo" } },
    layer: [
      { mark: { type: "rule", color: SLO_COLOR, strokeDash: [5, 4] } },
      { mark: { type: "text", color: SLO_COLOR, text: "SLO", x: "width", align: "right", dy: -8 } },
    ],
  };
  return {
    title: o.title,
    ...frame,
    data: { values: rows },
    layer: [
      // order: null joins the points in the order given rather than sorted by x.
      { mark: { type: "line", color: COLOR }, encoding: { x, y, order: { value: null } } },
      {
        mark: { type: "point", filled: true, size: 50, color: COLOR },
        encoding: { x, y, tooltip },
      },
      {
        data: { values: labels },
        mark: { type: "text", align: "left", ...LABEL },
        encoding: { x, y, text: { field: "label", type: "nominal" } },
      },
      ...(o.slo === undefined ? [] : [slo]),
    ],
  };
}
