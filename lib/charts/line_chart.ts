/**
 * A multi-series line chart: one line with dots per series, in x order, each
 * series in its own colour and named at the end of its line, with optional
 * dashed rules. Does not move end labels apart where series end close together.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions, type XyChartOptions } from "./options.ts";
import { HALO, lineDots, PAGE_WIDTH, PALETTE, ruleMarks, xySvg } from "./plot.ts";
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

/** Options for {@linkcode lineChart}: dashed rules at `yRule` (say, an SLO) and `xRule`, labelled. */
export interface LineChartOptions extends XyChartOptions {
  /** A horizontal rule's y. */
  yRule?: number;
  /** The text above the y rule's left end. */
  yRuleLabel?: string;
  /** A vertical rule's x. */
  xRule?: number;
  /** The text beside the x rule's top. */
  xRuleLabel?: string;
}

const DEFAULTS = {
  ...{ title: "Line chart", xLabel: "x", yLabel: "y", width: PAGE_WIDTH, height: 380 },
  ...{ logX: false, logY: false, yRuleLabel: "", xRuleLabel: "" },
};

/**
 * Draws one line per series of `points`. Defaults: title "Line chart", axes
 * "x" and "y", linear, 720 x 380 pixels, no rules.
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
 * ```
 */
export function lineChart(points: readonly LinePoint[], options: LineChartOptions = {}): Chart {
  const o = resolveOptions(options, DEFAULTS, { yRule: "number", xRule: "number" });
  const rows = requireRecords("points", points, ({ series, x, y }, i) => ({
    series: requireString(`points[${i}].series`, series),
    x: requireNumber(`points[${i}].x`, x, o.logX),
    y: requireNumber(`points[${i}].y`, y, o.logY),
  }));
  const rules = [
    o.yRule === undefined
      ? []
      : ruleMarks("y", requireNumber("yRule", o.yRule, o.logY), o.yRuleLabel),
    o.xRule === undefined
      ? []
      : ruleMarks("x", requireNumber("xRule", o.xRule, o.logX), o.xRuleLabel),
  ].flat();
  const names = [...new Set(rows.map((p) => p.series))];
  rows.sort((a, b) => names.indexOf(a.series) - names.indexOf(b.series) || a.x - b.x);
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const tip = (p: LinePoint) => `${p.series}\nx ${p.x}\ny ${p.y}`;
  const xy = { x: "x", y: "y", stroke: "series" } as const;
  const svg = xySvg(o, [
    ...rules,
    ...lineDots(rows, { ...xy, r: 3, title: tip }),
    Plot.text(
      rows,
      Plot.selectLast({
        ...xy,
        ...HALO,
        fill: "series",
        text: "series",
        textAnchor: "start",
        dx: 8,
        className: "series",
      }),
    ),
  ], { color, marginRight: 20 + 7 * names.reduce((max, name) => Math.max(max, name.length), 0) });
  return makeChart({ title: o.title, svg });
}
