/**
 * A plain scatter of `{ x, y }` points, with an optional least-squares line:
 * built for thousands of points (say, each step's wall-clock time against the
 * tokens it scheduled), so dots are small and see-through and overlaps darken.
 *
 * Does not draw a line through the points in order, or bin them.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireKnownKeys, requireRecords } from "../validate.ts";

/** One point of the scatter. */
export interface ScatterPoint {
  /** Across, e.g. tokens scheduled in the step. */
  x: number;
  /** Up, e.g. the step's wall-clock microseconds. */
  y: number;
}

/** A fitted line `y = slope * x + intercept`. */
export interface LineFit {
  /** Change in y per unit of x. */
  slope: number;
  /** The line's y at x = 0. */
  intercept: number;
}

/** Options for {@linkcode scatterChart}. */
export interface ScatterChartOptions {
  /** The heading above the chart. @default {"Scatter"} */
  title?: string;
  /** The x axis title. @default {"x"} */
  xLabel?: string;
  /** The y axis title. @default {"y"} */
  yLabel?: string;
  /** Total width in pixels, margins included. @default {640} */
  width?: number;
  /** Total height in pixels, margins included, heading excluded. @default {360} */
  height?: number;
  /** Draw the least-squares line and state it under the heading. @default {false} */
  fit?: boolean;
}

const DEFAULTS = {
  title: "Scatter",
  xLabel: "x",
  yLabel: "y",
  width: 640,
  height: 360,
  fit: false,
};
const COLOR = "#1f5fa8";
const FIT_COLOR = "#c0392b";
/** Pixels between the outermost points and the frame, in both renderings. */
const INSET = 8;
const MARGIN = { marginTop: 20, marginRight: 20, marginBottom: 42, marginLeft: 64 };

/**
 * Fits `y = slope * x + intercept` to `points`, minimising the squared
 * vertical distances.
 *
 * @example
 * ```ts
 * import { leastSquares } from "stallfree/lib/charts/scatter_chart.ts";
 * import { assertEquals } from "@std/assert";
 * // Mean x 2, mean y 5; slope = sum(dx * dy) / sum(dx * dx) = (3 + 0 + 3) / (1 + 0 + 1).
 * assertEquals(leastSquares([{ x: 1, y: 2 }, { x: 2, y: 6 }, { x: 3, y: 7 }]), {
 *   slope: 2.5,
 *   intercept: 0,
 * });
 * ```
 */
export function leastSquares(points: readonly ScatterPoint[]): LineFit {
  const rows = requirePoints(points);
  const meanX = rows.reduce((sum, p) => sum + p.x, 0) / rows.length;
  const meanY = rows.reduce((sum, p) => sum + p.y, 0) / rows.length;
  // Centred sums keep precision when x and y are large next to their spread.
  const sxx = rows.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  const sxy = rows.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  if (sxx === 0) {
    throw new RangeError(
      `Expected points to have at least two distinct x values but found only ${rows[0].x}`,
    );
  }
  const slope = sxy / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/**
 * Draws `points` as small translucent dots, with the least-squares line when
 * `fit` is set.
 *
 * @example
 * ```ts
 * import { scatterChart } from "stallfree/lib/charts/scatter_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const points = [{ x: 1, y: 2 }, { x: 2, y: 6 }, { x: 3, y: 7 }];
 * const chart = scatterChart(points, { fit: true });
 * assertEquals(chart.svg.match(/<circle /g)?.length, 3);
 * assertMatch(chart.svg, />Least-squares fit: y = 2.5x \+ 0<\/text>/);
 * ```
 */
export function scatterChart(
  points: readonly ScatterPoint[],
  options: ScatterChartOptions = {},
): Chart {
  const o = resolveOptions(options);
  const rows = requirePoints(points);
  const line = o.fit ? fitLine(rows) : undefined;
  const dot = dotStyle(rows.length);
  const axis = (label: string) => ({ label, labelAnchor: "center", inset: INSET }) as const;
  const svg = plotSvg({
    title: o.title,
    subtitle: line?.caption,
    width: o.width,
    height: o.height,
    ...MARGIN,
    grid: true,
    x: axis(o.xLabel),
    y: axis(o.yLabel),
    marks: [
      Plot.dot(rows, { x: "x", y: "y", r: dot.radius, fill: COLOR, fillOpacity: dot.opacity }),
      line && Plot.line(line.ends, { x: "x", y: "y", stroke: FIT_COLOR, strokeWidth: 2 }),
    ],
  });
  const frame = {
    width: Math.max(1, o.width - MARGIN.marginLeft - MARGIN.marginRight),
    height: Math.max(1, o.height - MARGIN.marginTop - MARGIN.marginBottom),
  };
  return makeChart({ title: o.title, svg, vegaLite: scatterSpec(rows, line, dot, o, frame) });
}

function resolveOptions(options: ScatterChartOptions): typeof DEFAULTS {
  requireKnownKeys("options", options, Object.keys(DEFAULTS));
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  const o: typeof DEFAULTS = { ...DEFAULTS, ...Object.fromEntries(given) };
  for (const key of ["title", "xLabel", "yLabel", "fit"] as const) {
    if (typeof o[key] !== typeof DEFAULTS[key]) {
      const found = describeValue(o[key]);
      throw new TypeError(`Expected ${key} to be a ${typeof DEFAULTS[key]} but found ${found}`);
    }
  }
  for (const key of ["width", "height"] as const) requireNumber(key, o[key], "a number > 0");
  return o;
}

/** Copies the two fields of each point, refusing anything but finite numbers. */
function requirePoints(points: readonly ScatterPoint[]): ScatterPoint[] {
  return requireRecords("points", points, (point, i) => {
    requireNumber(`points[${i}].x`, point.x, "a finite number");
    requireNumber(`points[${i}].y`, point.y, "a finite number");
    return { x: point.x, y: point.y };
  });
}

/** Throws unless `value` is a finite number, and `> 0` when `rule` says so. */
function requireNumber(field: string, value: unknown, rule: string): void {
  const isPositive = rule.endsWith("> 0");
  const message = `Expected ${field} to be ${rule} but found ${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  if (!Number.isFinite(value) || (isPositive && value <= 0)) throw new RangeError(message);
}

/** Dots shrink and fade as they multiply: a few stay plain, thousands show their density. */
function dotStyle(numPoints: number) {
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  return {
    radius: clamp(80 / Math.sqrt(numPoints), 1.8, 3),
    opacity: clamp(16 / Math.sqrt(numPoints), 0.3, 0.8),
  };
}

/** The fitted line across the points' x extent, and its equation in three significant digits. */
function fitLine(rows: ScatterPoint[]) {
  const { slope, intercept } = leastSquares(rows);
  const xs = rows.map((p) => p.x);
  const ends = [xs.reduce((a, b) => Math.min(a, b)), xs.reduce((a, b) => Math.max(a, b))]
    .map((x) => ({ x, y: slope * x + intercept }));
  const round = (value: number) => String(Number(value.toPrecision(3)));
  const sign = intercept < 0 ? "-" : "+";
  return {
    ends,
    caption: `Least-squares fit: y = ${round(slope)}x ${sign} ${round(Math.abs(intercept))}`,
  };
}

function scatterSpec(
  rows: ScatterPoint[],
  line: ReturnType<typeof fitLine> | undefined,
  dot: ReturnType<typeof dotStyle>,
  o: typeof DEFAULTS,
  frame: { width: number; height: number },
) {
  // Like Plot's, the domain is neither rounded out nor stretched to zero.
  const scale = { zero: false, nice: false, padding: INSET };
  const x = { field: "x", type: "quantitative", title: o.xLabel, scale };
  const y = { field: "y", type: "quantitative", title: o.yLabel, scale };
  const dots = {
    mark: { type: "point", filled: true, size: Math.PI * dot.radius ** 2, opacity: dot.opacity },
    encoding: { x, y, color: { value: COLOR }, tooltip: [x, y].map(({ scale: _, ...tip }) => tip) },
  };
  const fit = {
    data: { values: line?.ends },
    mark: { type: "line", color: FIT_COLOR, strokeWidth: 2 },
    encoding: { x, y },
  };
  return {
    title: line ? { text: o.title, subtitle: line.caption } : o.title,
    ...frame,
    data: { values: rows },
    layer: line ? [dots, fit] : [dots],
  };
}
