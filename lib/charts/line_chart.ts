/**
 * A general multi-series line chart: one line with dots per series, joined in
 * x order, each series in its own colour and named at the end of its line,
 * with optional dashed rules (say, an SLO across and a load of interest up).
 *
 * Does not move labels off lines other than their own, only apart from one
 * another.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions } from "./options.ts";
import { axis, extent, HALO, lineDots, PAGE_WIDTH, PALETTE, plotSvg, ruleMarks } from "./plot.ts";
import { requireRecords } from "../validate.ts";

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
  /** Total width in pixels. @default {720} */
  width?: number;
  /** Total height in pixels, heading excluded. @default {380} */
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
  width: PAGE_WIDTH,
  height: 380,
  logX: false,
  logY: false,
  yRuleLabel: "",
  xRuleLabel: "",
};
const MARGIN = { marginTop: 20, marginBottom: 44, marginLeft: 64 };
/** Pixels between the outermost points and the frame, and between stacked end labels. */
const INSET = 12;
const LINE_HEIGHT = 15;

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
  const o = resolveOptions(options, DEFAULTS, { yRule: "number", xRule: "number" });
  if (o.xRule !== undefined) requireNumber("xRule", o.xRule, o.logX);
  if (o.yRule !== undefined) requireNumber("yRule", o.yRule, o.logY);
  const rows = requireRecords("points", points, ({ series, x, y }, i) => ({
    series: requireString(`points[${i}].series`, series),
    x: requireNumber(`points[${i}].x`, x, o.logX),
    y: requireNumber(`points[${i}].y`, y, o.logY),
  }));
  const names = [...new Set(rows.map((p) => p.series))];
  // Series by first appearance, each in x order.
  rows.sort((a, b) => names.indexOf(a.series) - names.indexOf(b.series) || a.x - b.x);
  const color = (name: string) => PALETTE[names.indexOf(name) % PALETTE.length];
  const yDomain = extent([...rows.map((p) => p.y), ...(o.yRule === undefined ? [] : [o.yRule])]);
  const frameHeight = o.height - MARGIN.marginTop - MARGIN.marginBottom;
  const longest = names.reduce((max, name) => Math.max(max, name.length), 0);
  const tip = (p: LinePoint) => `${p.series}\nx ${p.x}\ny ${p.y}`;
  const svg = plotSvg({
    title: o.title,
    width: o.width,
    height: o.height,
    ...MARGIN,
    marginRight: 16 + 7 * longest,
    grid: true,
    x: axis(o.xLabel, o.logX, INSET),
    y: { ...axis(o.yLabel, o.logY, INSET), domain: yDomain },
    marks: [
      ...(o.yRule === undefined ? [] : ruleMarks("y", o.yRule, o.yRuleLabel)),
      ...(o.xRule === undefined ? [] : ruleMarks("x", o.xRule, o.xRuleLabel)),
      ...names.flatMap((name) =>
        lineDots(rows.filter((p) => p.series === name), {
          x: "x",
          y: "y",
          stroke: color(name),
          r: 3,
          title: tip,
        })
      ),
      // One mark per end label, as Plot's dy is one number per mark.
      ...endLabels(rows, yDomain, o.logY, frameHeight).map(({ point, dy }) =>
        Plot.text([point], {
          x: "x",
          y: "y",
          text: "series",
          ...HALO,
          fill: color(point.series),
          textAnchor: "start",
          dx: 8,
          dy,
          className: "series",
        })
      ),
    ],
  });
  return makeChart({ title: o.title, svg });
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
    placed[i] = Math.max(placed[i], placed[i - 1] + LINE_HEIGHT);
  }
  for (let i = placed.length - 1; i >= 0; i--) {
    placed[i] = Math.min(placed[i], (placed[i + 1] ?? height + LINE_HEIGHT) - LINE_HEIGHT);
  }
  return labels.map(({ point, at }, i) => ({ point, dy: placed[i] - at }));
}
