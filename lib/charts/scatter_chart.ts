/**
 * A scatter built for thousands of points (say, each step's wall-clock time
 * against the tokens it scheduled): small see-through dots, the median of each
 * x bucket as a dark line, an optional least-squares line. A few far outliers
 * (a garbage-collection pause among microsecond steps) would flatten the rest,
 * so points above 4 times the 99th percentile are left out and a note says so.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, requireNumber, resolveOptions } from "./options.ts";
import { COLOR, extent, PAGE_WIDTH, xySvg } from "./plot.ts";
import { percentile } from "../analysis/stats.ts";
import { requireRecords } from "../validate.ts";

/** One point of the scatter. */
export interface ScatterPoint {
  /** Across, e.g. tokens scheduled in the step. */
  x: number;
  /** Up, e.g. the step's wall-clock microseconds. */
  y: number;
}

/** Options for {@linkcode scatterChart}. */
export interface ScatterChartOptions extends ChartOptions {
  /** The x axis title. */
  xLabel?: string;
  /** The y axis title. */
  yLabel?: string;
  /** Draw the least-squares line of the points drawn, and state it. */
  fit?: boolean;
  /** Draw the median of each x bucket (by default, with 100 points or more). */
  medians?: boolean;
}

const DEFAULTS = {
  title: "Scatter",
  xLabel: "x",
  yLabel: "y",
  width: PAGE_WIDTH,
  height: 380,
  fit: false,
};
const FIT = { stroke: COLOR.rule, strokeWidth: 2, className: "fit" };
type BinnedLine = Plot.BinXInputs<Plot.LineOptions>;
const round = (value: number) => Number(value.toPrecision(3)).toLocaleString("en-US");
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Fits `y = slope * x + intercept` to `points`, minimising the squared
 * vertical distances.
 *
 * @example
 * ```ts
 * import { leastSquares } from "stallfree/lib/charts/scatter_chart.ts";
 * import { assertEquals } from "@std/assert";
 * // Mean x 2, mean y 5; slope = sum(dx * dy) / sum(dx * dx) = (3 + 0 + 3) / (1 + 0 + 1).
 * assertEquals(leastSquares([{ x: 1, y: 2 }, { x: 2, y: 6 }, { x: 3, y: 7 }]), { slope: 2.5, intercept: 0 });
 * ```
 */
export function leastSquares(
  points: readonly ScatterPoint[],
): { slope: number; intercept: number } {
  const rows = requirePoints(points);
  const sum = (f: (p: ScatterPoint) => number) => rows.reduce((total, p) => total + f(p), 0);
  const [meanX, meanY] = [sum((p) => p.x) / rows.length, sum((p) => p.y) / rows.length];
  // Centred sums keep precision when x and y are large next to their spread.
  const sxx = sum((p) => (p.x - meanX) ** 2);
  if (sxx === 0) {
    throw new RangeError(
      `Expected points to have at least two distinct x values but found only ${rows[0].x}`,
    );
  }
  const slope = sum((p) => (p.x - meanX) * (p.y - meanY)) / sxx;
  return { slope, intercept: meanY - slope * meanX };
}

/**
 * Draws `points` as dots with their bucket medians, far outliers left out.
 * Defaults: title "Scatter", axes "x" and "y", 720 x 380 pixels, no fit.
 *
 * @example
 * ```ts
 * import { scatterChart } from "stallfree/lib/charts/scatter_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = scatterChart([{ x: 1, y: 2 }, { x: 2, y: 6 }, { x: 3, y: 7 }], { fit: true });
 * assertEquals(chart.svg.match(/<circle /g)?.length, 3);
 * assertMatch(chart.svg, />Red: least-squares fit, y = 2.5x \+ 0<\/text>/);
 * ```
 */
export function scatterChart(
  points: readonly ScatterPoint[],
  options: ScatterChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { medians: "boolean" });
  const rows = requirePoints(points);
  const ceiling = 4 * percentile(rows.map((p) => p.y), 99);
  const shown = ceiling > 0 ? rows.filter((p) => p.y <= ceiling) : rows;
  const left = rows.length - shown.length;
  const highest = round(extent(rows.map((p) => p.y))[1]);
  const notes = left === 0 ? [] : [
    `${left} of ${rows.length.toLocaleString("en-US")} points lie above ${
      round(ceiling)
    } (up to ${highest}): not drawn`,
  ];
  const medians = o.medians ?? rows.length >= 100;
  if (medians) notes.push("Dark line: the median of each x bucket");
  const fit = o.fit ? leastSquares(shown) : undefined;
  const line = fit && ((x: number) => ({ x, y: fit.slope * x + fit.intercept }));
  if (fit) {
    const [slope, sign, intercept] = [
      fit.slope,
      fit.intercept < 0 ? "-" : "+",
      Math.abs(fit.intercept),
    ];
    notes.push(`Red: least-squares fit, y = ${round(slope)}x ${sign} ${round(intercept)}`);
  }
  // Dots shrink and fade as they multiply: a few stay plain, thousands show their density.
  const spread = Math.sqrt(shown.length);
  const dot = { r: clamp(80 / spread, 1.8, 3), fillOpacity: clamp(16 / spread, 0.3, 0.8) };
  const bucket = { x: "x", y: "y", stroke: "#0b2545", strokeWidth: 2.5, className: "medians" };
  const svg = xySvg({ ...o, logX: false, logY: false }, [
    Plot.dot(shown, { x: "x", y: "y", fill: COLOR.mark, ...dot }),
    medians ? Plot.line(shown, Plot.binX({ y: "median" }, bucket as BinnedLine)) : null,
    line ? Plot.line(extent(shown.map((p) => p.x)).map(line), { ...FIT, x: "x", y: "y" }) : null,
  ], { subtitle: notes.join("\n") || undefined, x: { inset: 8 }, y: { inset: 8 } });
  return makeChart({ title: o.title, svg });
}

/** Copies the two fields of each point, refusing anything but finite numbers. */
function requirePoints(points: readonly ScatterPoint[]): ScatterPoint[] {
  return requireRecords("points", points, ({ x, y }, i) => ({
    x: requireNumber(`points[${i}].x`, x),
    y: requireNumber(`points[${i}].y`, y),
  }));
}
