/**
 * The trade-off every chapter measures: one point per scheduler configuration
 * (say, per chunk threshold), the long prompt's TTFT across, a decode stream's
 * latency up, joined in the order given so the curve reads as the knob turns.
 * Configurations on the same spot share one label ("off, 512"); labels are
 * not otherwise moved off the line or off one another.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions, type XyChartOptions } from "./options.ts";
import { HALO, lineDots, PAGE_WIDTH, ruleMarks, xySvg } from "./plot.ts";
import { requireRecords } from "../validate.ts";

/** One configuration's outcome. */
export interface LatencyTtftPoint {
  /** The configuration's name on the chart, e.g. `"32"` or `"off"`. */
  label: string;
  /** The long prompt's time to first token, in steps (or in ms, with an `xLabel` that says so). */
  ttftSteps: number;
  /** The decode stream's latency in tokens per step, e.g. its worst step or p99. */
  latency: number;
}

/** Options for {@linkcode latencyTtftChart}: `slo` draws a dashed rule labelled "SLO" at that latency. */
export interface LatencyTtftChartOptions extends XyChartOptions {
  /** The latency SLO, in tokens per step. */
  slo?: number;
}

const DEFAULTS = {
  ...{ title: "Latency versus TTFT", width: PAGE_WIDTH, height: 380, logX: false, logY: false },
  ...{
    xLabel: "TTFT of the long prompt (steps)",
    yLabel: "worst step the decode waits for (tokens)",
  },
};
const XY = { x: "ttftSteps", y: "latency" } as const;

/**
 * Draws `points` as a labelled curve. Defaults: title "Latency versus TTFT",
 * linear axes, 720 x 380 pixels, no SLO.
 *
 * @example
 * ```ts
 * import { latencyTtftChart } from "stallfree/lib/charts/latency_ttft_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = latencyTtftChart([
 *   { label: "off", ttftSteps: 9, latency: 512 },
 *   { label: "64", ttftSteps: 66, latency: 65 },
 * ], { slo: 100 });
 * assertEquals(chart.svg.match(/<circle /g)?.length, 2);
 * assertMatch(chart.svg, />SLO<\/text>.*>off<\/text>.*>64<\/text>/s);
 * ```
 */
export function latencyTtftChart(
  points: readonly LatencyTtftPoint[],
  options: LatencyTtftChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { slo: "number" });
  const rows = requireRecords("points", points, ({ label, ttftSteps, latency }, i) => ({
    label: requireString(`points[${i}].label`, label),
    ttftSteps: requireNumber(`points[${i}].ttftSteps`, ttftSteps, o.logX),
    latency: requireNumber(`points[${i}].latency`, latency, o.logY),
  }));
  // One label per spot, the names of the points there joined in order.
  const spots = Map.groupBy(rows, (row) => `${row.ttftSteps},${row.latency}`);
  const labels = [...spots.values()].map((at) => ({
    ...at[0],
    label: at.map((p) => p.label).join(", "),
  }));
  const longest = labels.reduce((max, { label }) => Math.max(max, label.length), 3);
  const tip = (p: LatencyTtftPoint) =>
    `${p.label}\nTTFT ${p.ttftSteps} steps\nlatency ${p.latency}`;
  const svg = xySvg(o, [
    ...(o.slo === undefined ? [] : ruleMarks("y", requireNumber("slo", o.slo, o.logY), "SLO")),
    ...lineDots(rows, { ...XY, title: tip }),
    Plot.text(labels, {
      ...XY,
      ...HALO,
      text: "label",
      textAnchor: "start",
      dx: 7,
      dy: -10,
      className: "labels",
    }),
  ], { marginRight: 16 + 7 * longest, x: { inset: 16 }, y: { inset: 16 } });
  return makeChart({ title: o.title, svg });
}
