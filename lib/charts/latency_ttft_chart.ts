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
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions } from "./options.ts";
import { axis, HALO, lineDots, PAGE_WIDTH, plotSvg, ruleMarks } from "./plot.ts";
import { requireRecords } from "../validate.ts";

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
  /** Total width in pixels. @default {720} */
  width?: number;
  /** Total height in pixels, heading excluded. @default {380} */
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
  width: PAGE_WIDTH,
  height: 380,
  logX: false,
  logY: false,
};
const XY = { x: "ttftSteps", y: "latency" } as const;

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
 * assertEquals(chart.svg.match(/<circle /g)?.length, 2);
 * assertMatch(chart.svg, />off<\/text>.*>64<\/text>/s);
 * assertMatch(chart.svg, />SLO<\/text>/);
 * ```
 */
export function latencyTtftChart(
  points: readonly LatencyTtftPoint[],
  options: LatencyTtftChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { slo: "number" });
  if (o.slo !== undefined) requireNumber("slo", o.slo, o.logY);
  const rows = requireRecords("points", points, ({ label, ttftSteps, latency }, i) => ({
    label: requireString(`points[${i}].label`, label),
    ttftSteps: requireNumber(`points[${i}].ttftSteps`, ttftSteps, o.logX),
    latency: requireNumber(`points[${i}].latency`, latency, o.logY),
  }));
  const labels = sharedLabels(rows);
  // Labels start right of their dot, so the right margin fits the longest.
  const longest = labels.reduce((max, { label }) => Math.max(max, label.length), 3);
  const tip = (p: LatencyTtftPoint) =>
    `${p.label}\nTTFT ${p.ttftSteps} steps\nlatency ${p.latency}`;
  const svg = plotSvg({
    title: o.title,
    width: o.width,
    height: o.height,
    marginLeft: 64,
    marginBottom: 44,
    marginRight: 16 + 7 * longest,
    grid: true,
    x: axis(o.xLabel, o.logX, 16),
    y: axis(o.yLabel, o.logY, 16),
    marks: [
      ...(o.slo === undefined ? [] : ruleMarks("y", o.slo, "SLO")),
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
    ],
  });
  return makeChart({ title: o.title, svg });
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
