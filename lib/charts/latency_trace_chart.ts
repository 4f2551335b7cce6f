/**
 * Decode-latency traces side by side: one panel per trace, the victim's step
 * across, what the step cost it (tokens) up, on one shared scale so a 257-token
 * stall and a run of 33-token steps compare at a glance. Panels fill the page
 * width, wrapping into rows of at most three.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions } from "./options.ts";
import { axis, extent, lineDots, PAGE_WIDTH, plotSvg } from "./plot.ts";
import { requireRecords } from "../validate.ts";

/** What each of the victim's steps cost it under one configuration. */
export interface LatencyTrace {
  /** The trace's name, e.g. `"threshold 32"`; unique within a chart. */
  label: string;
  /** The cost of each of the victim's steps in tokens, in step order. */
  costs: number[];
}

/** One point of a trace: its step counted from 1. */
export type TraceRow = { label: string; step: number; cost: number };

/** Options for {@linkcode latencyTraceChart}. */
export interface LatencyTraceChartOptions {
  /** The heading above the chart. @default {"Decode latency, step by step"} */
  title?: string;
  /** A line under the heading. @default {undefined} */
  subtitle?: string;
  /** The x axis title. @default {"victim's step"} */
  xLabel?: string;
  /** The y axis title. @default {"step cost (tokens)"} */
  yLabel?: string;
  /** Total width in pixels. @default {720} */
  width?: number;
  /** Height of each panel in pixels. @default {240} */
  height?: number;
  /** Put cost on a log scale, so 257 and 1 both read. @default {true} */
  logY?: boolean;
}

const DEFAULTS = {
  title: "Decode latency, step by step",
  xLabel: "victim's step",
  yLabel: "step cost (tokens)",
  width: PAGE_WIDTH,
  height: 240,
  logY: true,
};
const MAX_COLUMNS = 3;
const MARGIN = { marginTop: 28, marginRight: 16, marginBottom: 44, marginLeft: 60 };
const GAP = 44;

/**
 * Checks `traces` and flattens them into one row per step, refusing a
 * repeated label, an empty trace, or a cost a log axis cannot place.
 *
 * @example
 * ```ts
 * import { traceRows } from "stallfree/lib/charts/latency_trace_chart.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(traceRows([{ label: "a", costs: [33, 2] }], true), [
 *   { label: "a", step: 1, cost: 33 },
 *   { label: "a", step: 2, cost: 2 },
 * ]);
 * assertThrows(
 *   () => traceRows([{ label: "a", costs: [33, 0] }], true),
 *   RangeError,
 *   "Expected traces[0].costs[1] to be a finite number > 0 but found 0",
 * );
 * ```
 */
export function traceRows(traces: readonly LatencyTrace[], isLog: boolean): TraceRow[] {
  const seen = new Map<string, number>();
  return requireRecords("traces", traces, ({ label, costs }, i) => {
    requireString(`traces[${i}].label`, label);
    if (seen.has(label)) {
      const found = `${JSON.stringify(label)}, the label of traces[${seen.get(label)}]`;
      throw new RangeError(`Expected traces[${i}].label to be unique but found ${found}`);
    }
    seen.set(label, i);
    if (!Array.isArray(costs) || costs.length === 0) {
      const found = Array.isArray(costs) ? "an empty array" : typeof costs;
      throw new TypeError(`Expected traces[${i}].costs to be a non-empty array but found ${found}`);
    }
    return costs.map((cost, j) => ({
      label,
      step: j + 1,
      cost: requireNumber(`traces[${i}].costs[${j}]`, cost, isLog),
    }));
  }).flat();
}

/**
 * Draws one panel per trace, in the order given, each a line with a dot per step.
 *
 * @example
 * ```ts
 * import { latencyTraceChart } from "stallfree/lib/charts/latency_trace_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = latencyTraceChart([
 *   { label: "threshold 0", costs: [257, 2, 1] },
 *   { label: "threshold 32", costs: [33, 33, 2, 1] },
 * ]);
 * assertEquals(chart.svg.match(/<circle /g)?.length, 7);
 * assertMatch(chart.svg, /class="panels".*>threshold 0<.*>threshold 32</s);
 * ```
 */
export function latencyTraceChart(
  traces: readonly LatencyTrace[],
  options: LatencyTraceChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { subtitle: "string" });
  const labels = traces.map((trace) => trace?.label);
  const rows = traceRows(traces, o.logY);
  const numColumns = Math.min(MAX_COLUMNS, labels.length);
  const numRows = Math.ceil(labels.length / numColumns);
  // Panels on a grid of facets: fx the column, fy the row.
  const cell = (label: string) => {
    const i = labels.indexOf(label);
    return { column: i % numColumns, row: Math.floor(i / numColumns) };
  };
  const placed = rows.map((row) => ({ ...row, ...cell(row.label) }));
  const band = (n: number, size: number) => ({
    domain: [...Array(n).keys()],
    // d3 shrinks a lone band by its padding, so only gaps between panels get any.
    paddingInner: n > 1 ? GAP / (size + GAP) : 0,
    paddingOuter: 0,
    axis: null,
  });
  const panelWidth = (o.width - MARGIN.marginLeft - MARGIN.marginRight) / numColumns;
  const tip = (row: TraceRow) => `${row.label}\nstep ${row.step}\ncost ${row.cost}`;
  const svg = plotSvg({
    title: o.title,
    subtitle: o.subtitle,
    ...MARGIN,
    width: o.width,
    height: MARGIN.marginTop + MARGIN.marginBottom + numRows * (o.height + GAP) - GAP,
    fx: band(numColumns, panelWidth),
    fy: band(numRows, o.height),
    x: {
      ...axis(o.xLabel, false, 6),
      domain: [1, extent(rows.map((r) => r.step))[1]],
      tickFormat: wholeSteps,
    },
    y: { ...axis(o.yLabel, o.logY, 6), grid: true },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      ...lineDots(placed, { x: "step", y: "cost", fx: "column", fy: "row", r: 2.5, title: tip }),
      Plot.text(labels.map((label) => ({ label, ...cell(label) })), {
        fx: "column",
        fy: "row",
        text: "label",
        frameAnchor: "top",
        lineAnchor: "bottom",
        dy: -8,
        fontSize: 13,
        fontWeight: "bold",
        className: "panels",
      }),
    ],
  });
  return makeChart({ title: o.title, svg });
}

/** Steps are whole: a tick between two steps goes unlabelled. */
const wholeSteps = (step: number) => Number.isInteger(step) ? String(step) : "";
