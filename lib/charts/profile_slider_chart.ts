/**
 * The victim's decode-latency trace under one configuration at a time, a
 * slider stepping through them in the order given (say, thresholds from off
 * down to 1) while the axes hold still, the other traces in grey behind.
 * Written once, in Vega-Lite; the static version is Vega's own drawing of
 * the same spec at every slider position, one small panel each.
 *
 * @module
 */
import { type Chart, makeChart } from "./chart.ts";
import { type LatencyTrace, traceRows } from "./latency_trace_chart.ts";
import { type ChartOptions, resolveOptions } from "./options.ts";
import { COLOR, extent } from "./plot.ts";
import { vegaSvgs } from "./vega.ts";

/** Options for {@linkcode profileSliderChart}; `width` and `height` are the plotting area's. */
export interface ProfileSliderChartOptions extends ChartOptions {
  /** What the traces differ in, naming the slider. */
  sliderLabel?: string;
  /** Put cost on a log scale. */
  logY?: boolean;
}

const DEFAULTS = {
  ...{ title: "The victim's latency as the threshold changes", sliderLabel: "threshold" },
  ...{ width: 600, height: 300, logY: true },
};
/** Each static panel's plotting area: three to a row across the page. */
const PANEL = { width: 170, height: 130 };
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/**
 * Draws one latency trace at a time under a slider. Defaults: title "The
 * victim's latency as the threshold changes", a 600 x 300 plot, log cost.
 *
 * @example
 * ```ts
 * import { profileSliderChart } from "stallfree/lib/charts/profile_slider_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = profileSliderChart([
 *   { label: "threshold 0", costs: [257, 2, 1] },
 *   { label: "threshold 32", costs: [33, 33, 2, 1] },
 * ]);
 * const [slider] = chart.vegaLite!.params as { bind: { input: string; max: number } }[];
 * assertEquals([slider.bind.input, slider.bind.max], ["range", 2]);
 * assertMatch(chart.svg, />threshold 0<\/text>.*>threshold 32<\/text>/s);
 * ```
 */
export function profileSliderChart(
  traces: readonly LatencyTrace[],
  options: ProfileSliderChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS);
  const rows = traceRows(traces, o.logY);
  const labels = [...new Set(rows.map((row) => row.label))];
  // Positions, not values, on the slider: thresholds need not be evenly spaced.
  const values = rows.map((row) => ({ ...row, position: labels.indexOf(row.label) + 1 }));
  const axis = (field: string, title: string, scale: Record<string, unknown>) => ({
    field,
    title,
    type: "quantitative",
    scale: { nice: false, padding: 6, ...scale },
  });
  const x = {
    ...axis("step", "victim's step", { domain: [1, extent(rows.map((r) => r.step))[1]] }),
    axis: { tickMinStep: 1, format: "d" },
  };
  const y = axis("cost", "step cost (tokens)", {
    domain: extent(rows.map((r) => r.cost)),
    type: o.logY ? "log" : "linear",
  });
  const shown = { filter: "datum.position == position" };
  const name = `${o.sliderLabel} (1 to ${labels.length}) `;
  const caption = {
    type: "text",
    align: "right",
    baseline: "top",
    fontSize: 14,
    fontWeight: "bold",
  };
  const spec = {
    title: { text: o.title, fontSize: 16, anchor: "start" },
    ...{ width: o.width, height: o.height, data: { values } },
    config: { axis: { labelFontSize: 12, titleFontSize: 13 } },
    params: [{
      name: "position",
      value: 1,
      bind: { input: "range", min: 1, max: labels.length, step: 1, name },
    }],
    layer: [
      { mark: { type: "line", color: "#d0d0d0" }, encoding: { x, y, detail: { field: "label" } } },
      {
        transform: [shown],
        mark: { type: "line", color: COLOR.mark, strokeWidth: 2.5 },
        encoding: { x, y },
      },
      {
        transform: [shown],
        mark: { type: "point", filled: true, size: 36, color: COLOR.mark },
        encoding: { x, y, tooltip: [{ field: "label" }, { field: "step" }, { field: "cost" }] },
      },
      {
        // Names the trace on show, from its first step's row, in the top right corner.
        transform: [shown, { filter: "datum.step == 1" }],
        mark: { ...caption, x: { expr: "width - 6" }, y: 6 },
        encoding: { text: { field: "label" } },
      },
    ],
  };
  const panels = vegaSvgs(
    { ...spec, ...PANEL, title: null },
    labels.map((_, i) => ({ position: i + 1 })),
  );
  const heading = `<div style="font: bold 16px sans-serif">${escape(o.title)}</div>` +
    `<div style="font: 12px sans-serif; opacity: 0.75">One panel per ${escape(o.sliderLabel)}; ` +
    `the interactive version has a slider</div>`;
  const svg = `<div style="background: white; color: #1f2328">${heading}` +
    `<div style="display: flex; flex-wrap: wrap">${panels.join("")}</div></div>`;
  return makeChart({ title: o.title, svg, vegaLite: spec });
}
