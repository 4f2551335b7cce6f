/**
 * Measured step times against a fitted model, one colour per profile, on
 * log-log axes: dots for the measured points, a line for the model, and each
 * profile named at the right end of its line, the names moved up or down just
 * enough not to overlap.
 *
 * Does not draw error bars or a legend (the names sit by the lines).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, requireNumber, resolveOptions } from "./options.ts";
import { HALO, PAGE_WIDTH, PALETTE, xySvg } from "./plot.ts";
import { requireRecords } from "../validate.ts";

/** One point: a measurement, or the model's value at that many tokens. */
export interface StepTimePoint {
  /** The profile, e.g. `"llama2-7b-a100"`. */
  series: string;
  /** Tokens in the step (> 0). */
  tokens: number;
  /** The step's time in ms (> 0). */
  ms: number;
  /** A measurement (a dot) rather than the model (a line). */
  isMeasured: boolean;
}

/** Options for {@linkcode stepTimeChart}. */
export interface StepTimeChartOptions extends ChartOptions {
  /** The y axis title. @default {"ms per step"} */
  yLabel?: string;
}

const DEFAULTS = {
  ...{ title: "Step time: measured and fitted", yLabel: "ms per step" },
  ...{ width: PAGE_WIDTH, height: 400 },
};
const AXES = { xLabel: "tokens in the step", logX: true, logY: true };
/** `xySvg`'s top and bottom margins and the y axis's two insets, in pixels. */
const Y_FRAME_PX = 20 + 44 + 2 * 12;
/** The least vertical distance between two series' names, in pixels. */
const LABEL_GAP_PX = 14;

/**
 * Draws measured points and model lines per series on log-log axes.
 *
 * @example
 * ```ts
 * import { stepTimeChart } from "stallfree/lib/charts/step_time_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = stepTimeChart([
 *   { series: "a", tokens: 1, ms: 9, isMeasured: true },
 *   { series: "a", tokens: 1, ms: 9.4, isMeasured: false },
 *   { series: "a", tokens: 4096, ms: 260, isMeasured: false },
 * ]);
 * assertEquals(chart.svg.match(/<circle /g)?.length, 1);
 * assertMatch(chart.svg, />a<\/text>/);
 * ```
 */
export function stepTimeChart(
  points: readonly StepTimePoint[],
  options: StepTimeChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS);
  const rows = requireRecords("points", points, (p, i) => ({
    series: String(p.series),
    tokens: requireNumber(`points[${i}].tokens`, p.tokens, true),
    ms: requireNumber(`points[${i}].ms`, p.ms, true),
    isMeasured: !!p.isMeasured,
  }));
  const names = [...new Set(rows.map((p) => p.series))];
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const model = rows.filter((p) => !p.isMeasured).sort((a, b) => a.tokens - b.tokens);
  const xy = { x: "tokens", y: "ms" } as const;
  const svg = xySvg({ ...o, ...AXES }, [
    Plot.line(model, { ...xy, stroke: "series", strokeWidth: 1.5 }),
    Plot.dot(rows.filter((p) => p.isMeasured), { ...xy, fill: "series", r: 2.5 }),
    Plot.text(endLabels(model, rows, o.height - Y_FRAME_PX), {
      ...xy,
      text: "series",
      ...HALO,
      fill: "series",
      textAnchor: "start",
      dx: 6,
    }),
  ], { color, marginRight: 20 + 7 * Math.max(...names.map((name) => name.length)) });
  return makeChart({ title: o.title, svg });
}

/**
 * Each series' last model point (by tokens), its `ms` moved so that no two
 * names sit closer than {@linkcode LABEL_GAP_PX} on a log axis `heightPx`
 * tall spanning `all`'s times; the top name stays inside the frame.
 */
function endLabels<P extends { series: string; tokens: number; ms: number }>(
  model: P[],
  all: readonly P[],
  heightPx: number,
): P[] {
  const logs = all.map((p) => Math.log(p.ms));
  const low = Math.min(...logs), span = Math.max(...logs) - low || 1;
  const ends = [...Map.groupBy(model, (p) => p.series).values()].map((points) => points.at(-1)!);
  const placed = ends
    .map((p) => ({ point: p, px: (Math.log(p.ms) - low) / span * heightPx }))
    .sort((a, b) => a.px - b.px);
  for (let i = 1; i < placed.length; i++) {
    placed[i].px = Math.max(placed[i].px, placed[i - 1].px + LABEL_GAP_PX);
  }
  const over = Math.max(0, (placed.at(-1)?.px ?? 0) - heightPx);
  return placed.map(({ point, px }) => ({
    ...point,
    ms: Math.exp(low + (px - over) / heightPx * span),
  }));
}
