/**
 * The hockey stick of latency against load, two panels side by side: the
 * median TTFT (log scale: flat, then a wall) and the P99 time between tokens
 * with the SLO as a dashed rule, one line per config, the configs named once
 * in a legend above both panels.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, requireNumber, requireString, resolveOptions } from "./options.ts";
import { lineDots, PAGE_WIDTH, PALETTE, plotSvg, ruleMarks, xySvg } from "./plot.ts";
import { requireRecords } from "../validate.ts";

/** One config at one load. */
export interface HockeyPoint {
  /** The config, e.g. `"budget 512"`. */
  series: string;
  /** The arrival rate, in requests per second. */
  qps: number;
  /** Median TTFT there, in ms (> 0: its axis is logarithmic). */
  ttftP50Ms: number;
  /** P99 time between tokens there, in ms. */
  tbtP99Ms: number;
}

/** Options for {@linkcode hockeyStickChart}: the TBT SLO, drawn as a rule. */
export interface HockeyStickChartOptions extends ChartOptions {
  /** The P99 TBT SLO, in ms. */
  sloTbtMs?: number;
}

const DEFAULTS = { title: "Latency against load", width: PAGE_WIDTH, height: 300 };

/**
 * Draws `points` as two panels against the rate. Defaults: title "Latency
 * against load", 720 pixels wide in all, panels 300 pixels high, no rule.
 *
 * @example
 * ```ts
 * import { hockeyStickChart } from "stallfree/lib/charts/hockey_stick_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = hockeyStickChart([
 *   { series: "budget 8192", qps: 1, ttftP50Ms: 80, tbtP99Ms: 34 },
 *   { series: "budget 8192", qps: 6, ttftP50Ms: 8289, tbtP99Ms: 707 },
 *   { series: "budget 512", qps: 1, ttftP50Ms: 95, tbtP99Ms: 44 },
 * ], { sloTbtMs: 100 });
 * assertEquals(chart.svg.match(/<svg /g)?.length, 3); // the legend and two panels
 * assertMatch(chart.svg, />budget 512<\/text>/);
 * ```
 */
export function hockeyStickChart(
  points: readonly HockeyPoint[],
  options: HockeyStickChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { sloTbtMs: "number" });
  const rows = requireRecords("points", points, (p, i) => ({
    series: requireString(`points[${i}].series`, p.series),
    qps: requireNumber(`points[${i}].qps`, p.qps),
    ttftP50Ms: requireNumber(`points[${i}].ttftP50Ms`, p.ttftP50Ms, true),
    tbtP99Ms: requireNumber(`points[${i}].tbtP99Ms`, p.tbtP99Ms),
  }));
  const names = [...new Set(rows.map((p) => p.series))];
  rows.sort((a, b) => names.indexOf(a.series) - names.indexOf(b.series) || a.qps - b.qps);
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const panel = (title: string, y: "ttftP50Ms" | "tbtP99Ms", isLog: boolean) => {
    const rule = y === "tbtP99Ms" && o.sloTbtMs !== undefined
      ? ruleMarks("y", requireNumber("sloTbtMs", o.sloTbtMs, true), `SLO, ${o.sloTbtMs} ms`)
      : [];
    const axes = { xLabel: "arrival rate (requests per second)", yLabel: "ms", logX: false };
    const panelOptions = { ...axes, title, width: o.width / 2, height: o.height, logY: isLog };
    const tip = (p: HockeyPoint) => `${p.series}\n${p.qps} QPS\n${Math.round(p[y])} ms`;
    return xySvg(panelOptions, [
      ...rule,
      ...lineDots(rows, { x: "qps", y, stroke: "series", r: 3, title: tip }),
    ], { color, marginLeft: 56 });
  };
  // The legend: a swatch and a name per config, in a row.
  const legend = plotSvg({
    title: o.title,
    width: o.width,
    height: 24,
    marginTop: 4,
    marginBottom: 0,
    marginLeft: 12,
    x: { axis: null, domain: [0, names.length] },
    y: { axis: null, domain: [0, 1] },
    color,
    marks: [
      Plot.dot(names, { x: (_, i) => i, y: 0.5, fill: (name: string) => name, r: 5 }),
      Plot.text(names, { x: (_, i) => i, y: 0.5, text: Plot.identity, dx: 9, textAnchor: "start" }),
    ],
  });
  const panels = [
    panel("Median TTFT (log scale)", "ttftP50Ms", true),
    panel("P99 time between tokens", "tbtP99Ms", false),
  ];
  const svg = `<div style="width:${o.width}px">${legend}<div style="display:flex">${
    panels.join("")
  }</div></div>`;
  return makeChart({ title: o.title, svg });
}
