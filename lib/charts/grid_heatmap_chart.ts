/**
 * A grid search at a glance: token budget up, chunk threshold across, one cell
 * per configuration shaded and labelled by the total steps its run took, cells
 * that break the SLO greyed and crossed, and the chosen configuration outlined.
 *
 * Does not draw a colour legend in the SVG: Plot's continuous legend paints a
 * `<canvas>`, which linkedom lacks, so a subtitle states the scale instead.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireInteger, requireKnownKeys, requireRecords } from "../validate.ts";

/** One configuration of the grid and how its run went. */
export interface GridCell {
  /** The token budget, `maxNumBatchedTokens`. */
  budget: number;
  /** The chunk threshold, `longPrefillTokenThreshold`; 0 is off. */
  threshold: number;
  /** Steps the run took to finish every request. */
  totalSteps: number;
  /** Whether the run kept within the SLO. */
  meetsSlo: boolean;
}

/** Options for {@linkcode gridHeatmapChart}. */
export interface GridHeatmapChartOptions {
  /** The heading above the chart. @default {"Grid search: total steps per config"} */
  title?: string;
  /** Total width in pixels, margins included. @default {640} */
  width?: number;
  /** The configuration to outline; it must be one of the cells. @default {undefined} */
  chosen?: { budget: number; threshold: number };
  /** Names the SLO in the subtitle, as in "× breaks the SLO". @default {"SLO"} */
  sloLabel?: string;
}

const DEFAULTS = { title: "Grid search: total steps per config", width: 640, sloLabel: "SLO" };
type Resolved = typeof DEFAULTS & { chosen?: { budget: number; threshold: number } };

/** Fewest steps dark, most light; the light end stays clear of the violators' grey. */
const RAMP = ["#08306b", "#9ecae1"];
const BROKEN = { fill: "#ececec", text: "#767676", mark: "#c0392b" };
const MARGIN = { marginTop: 6, marginRight: 20, marginBottom: 40, marginLeft: 64 };
const PADDING = 0.06;
const COUNT = { fontSize: 12 };
const CROSS = { fontSize: 15, fontWeight: "bold" } as const;
/** The "×" sits in each violator's top-right corner, this many pixels in. */
const CORNER = 9;
const OUTLINE = { stroke: "#f28e2c", strokeWidth: 4 };
/** The height of the key's second line in the SVG. */
const KEY_LINE = 13;
const AXIS = { x: "chunk threshold (tokens)", y: "token budget" };
const steps = (n: number) => n.toLocaleString("en-US");
const thresholdName = (t: number) => t === 0 ? "off" : String(t);

/**
 * Draws `cells` as a heatmap of total steps over budget and threshold, with
 * SLO violators crossed out and, when given, the chosen cell outlined.
 *
 * @example
 * ```ts
 * import { gridHeatmapChart } from "stallfree/lib/charts/grid_heatmap_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = gridHeatmapChart([
 *   { budget: 256, threshold: 0, totalSteps: 90, meetsSlo: false },
 *   { budget: 256, threshold: 64, totalSteps: 120, meetsSlo: true },
 *   { budget: 512, threshold: 64, totalSteps: 100, meetsSlo: true },
 * ], { chosen: { budget: 512, threshold: 64 } });
 * assertMatch(chart.svg, /<g [^>]*aria-label="cell"[^>]*>(<rect[^>]*>.*?<\/rect>){3}<\/g>/s);
 * assertMatch(chart.svg, />off<\/text>/);
 * assertEquals(chart.svg.match(/>×<\/text>/g)?.length, 1);
 * ```
 */
export function gridHeatmapChart(
  cells: readonly GridCell[],
  options: GridHeatmapChartOptions = {},
): Chart {
  const rows = requireCells(cells);
  const o = resolveOptions(options, rows);
  const layout = gridLayout(rows, o);
  const svg = gridSvg(rows, o, layout);
  return makeChart({ title: o.title, svg, vegaLite: gridSpec(rows, o, layout) });
}

/** Copies the four fields of each cell, refusing a repeated configuration. */
function requireCells(cells: readonly GridCell[]): GridCell[] {
  const seen = new Map<string, number>();
  return requireRecords("cells", cells, (cell, i) => {
    const [budget, threshold, totalSteps] = (["budget", "threshold", "totalSteps"] as const)
      .map((key) => requireInteger(`cells[${i}].${key}`, cell[key], 0));
    if (typeof cell.meetsSlo !== "boolean") {
      const found = describeValue(cell.meetsSlo);
      throw new TypeError(`Expected cells[${i}].meetsSlo to be a boolean but found ${found}`);
    }
    const key = `budget ${budget}, threshold ${threshold}`;
    if (seen.has(key)) {
      const at = `cells[${seen.get(key)}] and cells[${i}]`;
      throw new RangeError(`Expected one cell per budget and threshold but found ${key} at ${at}`);
    }
    seen.set(key, i);
    return { budget, threshold, totalSteps, meetsSlo: cell.meetsSlo };
  });
}

function resolveOptions(options: GridHeatmapChartOptions, rows: GridCell[]): Resolved {
  requireKnownKeys("options", options, ["title", "width", "chosen", "sloLabel"]);
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: Resolved = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ["title", "sloLabel"] as const) {
    if (typeof o[key] !== "string") {
      throw new TypeError(`Expected ${key} to be a string but found ${describeValue(o[key])}`);
    }
  }
  if (typeof o.width !== "number" || !Number.isFinite(o.width) || o.width <= 0) {
    const ErrorType = typeof o.width === "number" ? RangeError : TypeError;
    throw new ErrorType(`Expected width to be a number > 0 but found ${describeValue(o.width)}`);
  }
  if (o.chosen !== undefined) {
    const { budget, threshold } = requireKnownKeys("chosen", o.chosen, ["budget", "threshold"]);
    if (!rows.some((cell) => cell.budget === budget && cell.threshold === threshold)) {
      const found = `budget ${describeValue(budget)}, threshold ${describeValue(threshold)}`;
      throw new RangeError(`Expected chosen to be one of the cells but found ${found}`);
    }
  }
  return o;
}

/** Band axes, sizes, the shade's domain and the key's two lines, shared by both renderings. */
type Layout = ReturnType<typeof gridLayout>;

function gridLayout(rows: GridCell[], o: Resolved) {
  const sorted = (key: "budget" | "threshold") =>
    [...new Set(rows.map((cell) => cell[key]))].sort((a, b) => a - b);
  const meeting = rows.filter((cell) => cell.meetsSlo);
  const shade = extent((meeting.length > 0 ? meeting : rows).map((cell) => cell.totalSteps));
  const thresholds = sorted("threshold");
  // Larger budgets on top: a band axis runs its domain downwards.
  const budgets = sorted("budget").reverse();
  const frameWidth = Math.max(1, o.width - MARGIN.marginLeft - MARGIN.marginRight);
  const frameHeight = budgets.length * Math.max(20, Math.min(40, 400 / budgets.length));
  const band = (size: number, n: number) => size / (n - PADDING) * (1 - PADDING);
  return {
    thresholds,
    budgets,
    shade,
    frameWidth,
    frameHeight,
    cross: {
      dx: band(frameWidth, thresholds.length) / 2 - CORNER,
      dy: CORNER - band(frameHeight, budgets.length) / 2,
    },
    key: [
      `Shade: total steps, from ${steps(shade[0])} (dark) to ${steps(shade[1])} (light)`,
      `× breaks the ${o.sloLabel}${
        o.chosen === undefined ? "" : " · orange outline: the chosen config"
      }`,
    ],
  };
}

function extent(values: number[]): [number, number] {
  return [values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))];
}

function gridSvg(rows: GridCell[], o: Resolved, layout: Layout): string {
  const [lo, hi] = layout.shade;
  const ramp = Plot.scale({
    color: { type: "linear", domain: [lo, hi], range: RAMP, interpolate: "hcl", clamp: true },
  });
  const fill = (cell: GridCell) => cell.meetsSlo ? ramp.apply(cell.totalSteps) : BROKEN.fill;
  const isDark = (cell: GridCell) => hi === lo || (cell.totalSteps - lo) / (hi - lo) < 0.5;
  const textFill = (cell: GridCell) =>
    !cell.meetsSlo ? BROKEN.text : isDark(cell) ? "white" : "black";
  const xy = { x: "threshold", y: "budget" } as const;
  const tip = (cell: GridCell) =>
    [
      `budget ${cell.budget}`,
      `threshold ${thresholdName(cell.threshold)}`,
      `total steps ${steps(cell.totalSteps)}`,
      `${cell.meetsSlo ? "meets" : "breaks"} the ${o.sloLabel}`,
    ].join("\n");
  const isChosen = (cell: GridCell) =>
    cell.budget === o.chosen?.budget && cell.threshold === o.chosen?.threshold;
  const band = {
    type: "band",
    paddingInner: PADDING,
    paddingOuter: 0,
    labelAnchor: "center",
    tickSize: 0,
  } as const;
  return plotSvg({
    title: o.title,
    subtitle: layout.key.join("\n"),
    width: o.width,
    height: layout.frameHeight + MARGIN.marginTop + MARGIN.marginBottom + KEY_LINE,
    ...MARGIN,
    // plotSvg leaves room for one subtitle line; the key has two.
    marginTop: MARGIN.marginTop + KEY_LINE,
    x: { ...band, domain: layout.thresholds, label: AXIS.x, tickFormat: thresholdName },
    y: { ...band, domain: layout.budgets, label: AXIS.y, tickFormat: String },
    marks: [
      Plot.cell(rows, { ...xy, fill: { value: fill, scale: null }, title: tip }),
      Plot.text(rows, {
        ...xy,
        ...COUNT,
        text: (cell: GridCell) => steps(cell.totalSteps),
        fill: { value: textFill, scale: null },
        className: "counts",
      }),
      Plot.text(rows.filter((cell) => !cell.meetsSlo), {
        ...xy,
        ...CROSS,
        ...layout.cross,
        text: () => "×",
        fill: BROKEN.mark,
        className: "violators",
      }),
      Plot.cell(rows.filter(isChosen), {
        ...xy,
        ...OUTLINE,
        fill: "none",
        title: (cell: GridCell) => `chosen\n${tip(cell)}`,
        className: "chosen",
      }),
    ],
  });
}

function gridSpec(rows: GridCell[], o: Resolved, layout: Layout) {
  const [lo, hi] = layout.shade;
  const broken = "!datum.meetsSlo";
  const isDark = hi === lo ? "true" : `(datum.totalSteps - ${lo}) / ${hi - lo} < 0.5`;
  const isChosen =
    `datum.budget === ${o.chosen?.budget} && datum.threshold === ${o.chosen?.threshold}`;
  const scale = (domain: number[]) => ({ domain, paddingInner: PADDING, paddingOuter: 0 });
  const tooltip = [
    { field: "budget", type: "ordinal" },
    { field: "threshold", type: "ordinal" },
    { field: "totalSteps", type: "quantitative", format: ",d" },
    { field: "meetsSlo", type: "nominal" },
  ];
  const shade = {
    condition: { test: broken, value: BROKEN.fill },
    field: "totalSteps",
    type: "quantitative",
    scale: { domain: [lo, hi], range: RAMP, interpolate: "hcl", clamp: true },
    legend: { title: "total steps" },
  };
  const textColor = {
    condition: [{ test: broken, value: BROKEN.text }, { test: isDark, value: "white" }],
    value: "black",
  };
  const thresholdLabel = "datum.value === 0 ? 'off' : datum.label";
  return {
    // The colour legend states the shade, so only the key's second line is needed.
    title: { text: o.title, subtitle: layout.key[1] },
    width: layout.frameWidth,
    height: layout.frameHeight,
    data: { values: rows },
    encoding: {
      x: {
        field: "threshold",
        type: "ordinal",
        scale: scale(layout.thresholds),
        axis: { title: AXIS.x, labelAngle: 0, labelExpr: thresholdLabel },
      },
      y: {
        field: "budget",
        type: "ordinal",
        scale: scale(layout.budgets),
        axis: { title: AXIS.y },
      },
    },
    layer: [
      { mark: { type: "rect" }, encoding: { color: shade, tooltip } },
      { mark: { type: "text", ...COUNT }, encoding: { text: tooltip[2], color: textColor } },
      {
        transform: [{ filter: broken }],
        mark: { type: "text", ...CROSS, ...layout.cross, text: "×", color: BROKEN.mark },
      },
      ...(o.chosen === undefined ? [] : [{
        transform: [{ filter: isChosen }],
        mark: { type: "rect", ...OUTLINE, filled: false },
      }]),
    ],
  };
}
