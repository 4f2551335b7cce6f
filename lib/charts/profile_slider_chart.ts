/**
 * The victim's decode-latency trace under one configuration at a time, a
 * slider stepping through them in the order given (say, thresholds from off
 * down to 1) while the axes hold still, so the change reads as movement; the
 * other traces stay behind in grey. Written once, in Vega-Lite: the static
 * rendering is Vega's own drawing of the same spec at every slider position.
 *
 * @module
 */
import { type Chart, makeChart } from "./chart.ts";
import { type LatencyTrace, traceRows } from "./latency_trace_chart.ts";
import { resolveOptions } from "./options.ts";
import { COLOR, extent } from "./plot.ts";
import { vegaSvgs } from "./vega.ts";

/** Options for {@linkcode profileSliderChart}. */
export interface ProfileSliderChartOptions {
  /** The heading above the chart. @default {"The victim's latency as the threshold changes"} */
  title?: string;
  /** The slider's name. @default {"threshold"} */
  sliderLabel?: string;
  /** Width of the plotting area in pixels. @default {600} */
  width?: number;
  /** Height of the plotting area in pixels. @default {300} */
  height?: number;
  /** Put cost on a log scale. @default {true} */
  logY?: boolean;
}

const DEFAULTS = {
  title: "The victim's latency as the threshold changes",
  sliderLabel: "threshold",
  width: 600,
  height: 300,
  logY: true,
};
/** Each static panel's size: three to a row across the page. */
const PANEL = { width: 170, height: 130 };
const FONT = { labelFontSize: 12, titleFontSize: 13 };

/**
 * Draws one latency trace at a time under a slider, the others in grey.
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
  const labels = traces.map((trace) => trace?.label);
  const rows = traceRows(traces, o.logY).map((row) => ({
    ...row,
    position: labels.indexOf(row.label) + 1,
  }));
  const spec = sliderSpec(rows, labels.length, o);
  // The static version: the same spec, panel-sized and untitled, at every position.
  const panels = vegaSvgs(
    { ...spec, ...PANEL, title: null },
    labels.map((_, i) => ({ position: i + 1 })),
  );
  const heading = `<div style="font: bold 16px sans-serif; margin: 4px 0 2px">${
    escape(o.title)
  }</div>`;
  const note = `<div style="font: 12px sans-serif; opacity: 0.75">One panel per ${
    escape(o.sliderLabel)
  }; the interactive version has a slider</div>`;
  const svg = `<div style="background: white; color: #1f2328">${heading}${note}` +
    `<div style="display: flex; flex-wrap: wrap">${panels.join("")}</div></div>`;
  return makeChart({ title: o.title, svg, vegaLite: spec });
}

function sliderSpec(
  rows: { position: number; step: number; cost: number }[],
  n: number,
  o: typeof DEFAULTS,
) {
  // Domains span every trace, so the axes hold still while the trace moves.
  const x = {
    field: "step",
    type: "quantitative",
    title: "victim's step",
    scale: {
      domain: [1, extent(rows.map((row) => row.step))[1]],
      nice: false,
      zero: false,
      padding: 6,
    },
    axis: { tickMinStep: 1 },
  };
  const y = {
    field: "cost",
    type: "quantitative",
    title: "step cost (tokens)",
    scale: {
      domain: extent(rows.map((row) => row.cost)),
      type: o.logY ? "log" : "linear",
      nice: false,
      padding: 6,
    },
  };
  const shown = { filter: "datum.position == position" };
  return {
    title: { text: o.title, fontSize: 16, anchor: "start" },
    width: o.width,
    height: o.height,
    config: { axis: FONT },
    data: { values: rows },
    params: [{
      name: "position",
      value: 1,
      // Positions, not values: thresholds need not be evenly spaced; the caption names the value.
      bind: { input: "range", min: 1, max: n, step: 1, name: `${o.sliderLabel} (1 to ${n}) ` },
    }],
    layer: [
      {
        mark: { type: "line", color: "#d0d0d0", strokeWidth: 1.5 },
        encoding: { x, y, detail: { field: "label" } },
      },
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
        mark: {
          type: "text",
          align: "right",
          baseline: "top",
          fontSize: 14,
          fontWeight: "bold",
          x: { expr: "width - 6" },
          y: 6,
        },
        encoding: { text: { field: "label" } },
      },
    ],
  };
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");
