/**
 * A scatter of `{ x, y }` points built for thousands of them (say, each
 * step's wall-clock time against the tokens it scheduled): small see-through
 * dots, the median of each x bucket as a dark line, and an optional
 * least-squares line. A few far outliers (a garbage-collection pause among
 * microsecond steps) would flatten the rest, so points far above the 99th
 * percentile are left out of the frame and a note under the heading says so.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, resolveOptions } from "./options.ts";
import { axis, COLOR, extent, PAGE_WIDTH, plotSvg } from "./plot.ts";
import { percentile } from "../analysis/stats.ts";
import { requireRecords } from "../validate.ts";

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
  /** Total width in pixels. @default {720} */
  width?: number;
  /** Total height in pixels, heading excluded. @default {380} */
  height?: number;
  /** Draw the least-squares line of the points drawn, and state it. @default {false} */
  fit?: boolean;
  /** Draw the median of each x bucket. @default {true when there are 100 points or more} */
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
/** Points above OUTLIER times the 99th percentile are outliers; the frame then stops at CEILING times it. */
const CLIP = { outlier: 4, ceiling: 1.5 };
const FIT_COLOR = "#c0392b";
const MEDIAN_COLOR = "#0b2545";
const round = (value: number) => Number(value.toPrecision(3)).toLocaleString("en-US");

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
 * Draws `points` as small translucent dots with their bucket medians, leaving
 * far outliers out of the frame (and saying so), with the least-squares line
 * of the points drawn when `fit` is set.
 *
 * @example
 * ```ts
 * import { scatterChart } from "stallfree/lib/charts/scatter_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const points = [{ x: 1, y: 2 }, { x: 2, y: 6 }, { x: 3, y: 7 }];
 * const chart = scatterChart(points, { fit: true });
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
  const p99 = percentile(rows.map((p) => p.y), 99);
  const isClipped = extent(rows.map((p) => p.y))[1] > CLIP.outlier * p99 && p99 > 0;
  const shown = isClipped ? rows.filter((p) => p.y <= CLIP.ceiling * p99) : rows;
  const left = rows.filter((p) => !shown.includes(p)).map((p) => p.y);
  const notes = [
    isClipped &&
    `${left.length} of ${rows.length} points lie above ${round(CLIP.ceiling * p99)} (up to ${
      round(extent(left)[1])
    }): not drawn`,
  ];
  const medians = o.medians ?? rows.length >= 100;
  if (medians) notes.push("Dark line: the median of each x bucket");
  const fit = o.fit ? leastSquares(shown) : undefined;
  if (fit) {
    const sign = fit.intercept < 0 ? "-" : "+";
    notes.push(
      `Red: least-squares fit, y = ${round(fit.slope)}x ${sign} ${round(Math.abs(fit.intercept))}`,
    );
  }
  const numPoints = Math.sqrt(shown.length);
  const dot = { r: clamp(80 / numPoints, 1.8, 3), fillOpacity: clamp(16 / numPoints, 0.3, 0.8) };
  const subtitle = notes.filter((note) => typeof note === "string").join("\n");
  const svg = plotSvg({
    title: o.title,
    subtitle: subtitle || undefined,
    width: o.width,
    height: o.height,
    marginLeft: 64,
    marginBottom: 44,
    marginRight: 20,
    grid: true,
    x: axis(o.xLabel, false, 8),
    y: { ...axis(o.yLabel, false, 8), domain: extent(shown.map((p) => p.y)) },
    marks: [
      Plot.dot(shown, { x: "x", y: "y", fill: COLOR.mark, ...dot }),
      medians
        ? Plot.line(
          shown,
          Plot.binX({ y: "median" }, {
            x: "x",
            y: "y",
            stroke: MEDIAN_COLOR,
            strokeWidth: 2.5,
            className: "medians",
          } as Plot.BinXInputs<Plot.LineOptions>),
        )
        : null,
      fit
        ? Plot.line(
          extent(shown.map((p) => p.x)).map((x) => ({ x, y: fit.slope * x + fit.intercept })),
          {
            x: "x",
            y: "y",
            stroke: FIT_COLOR,
            strokeWidth: 2,
            className: "fit",
          },
        )
        : null,
    ],
  });
  return makeChart({ title: o.title, svg });
}

/** Copies the two fields of each point, refusing anything but finite numbers. */
function requirePoints(points: readonly ScatterPoint[]): ScatterPoint[] {
  return requireRecords("points", points, ({ x, y }, i) => ({
    x: requireNumber(`points[${i}].x`, x),
    y: requireNumber(`points[${i}].y`, y),
  }));
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
