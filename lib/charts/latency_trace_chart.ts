/**
 * Decode-latency traces side by side: one panel per trace, the victim's step
 * across, what the step cost it (tokens) up, on one shared scale so a 257-token
 * stall and a run of 33-token steps compare at a glance. Panels fill the page
 * width, at most three to a row.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, requireNumber, requireString, resolveOptions } from "./options.ts";
import { lineDots, PAGE_WIDTH, xySvg } from "./plot.ts";
import { describeValue, requireRecords } from "../validate.ts";

/** What each of the victim's steps cost it under one configuration. */
export interface LatencyTrace {
  /** The trace's name, e.g. `"threshold 32"`; unique within a chart. */
  label: string;
  /** The cost of each of the victim's steps in tokens, in step order. */
  costs: number[];
}

/** Options for {@linkcode latencyTraceChart}; `height` is each panel's. */
export interface LatencyTraceChartOptions extends ChartOptions {
  /** A line under the heading. */
  subtitle?: string;
  /** The x axis title. */
  xLabel?: string;
  /** The y axis title. */
  yLabel?: string;
  /** Put cost on a log scale, so 257 and 1 both read. */
  logY?: boolean;
}

const DEFAULTS = {
  ...{ title: "Decode latency, step by step", width: PAGE_WIDTH, height: 240, logY: true },
  ...{ xLabel: "victim's step", yLabel: "step cost (tokens)" },
};
const GAP = 44;
/** One step of a trace, counted from 1. */
export type TraceRow = { label: string; step: number; cost: number };
const MARGIN = { top: 28, bottom: 44 };

/**
 * Checks `traces` and flattens them into one row per step, counted from 1,
 * refusing a repeated label, an empty trace, or a cost a log axis cannot place.
 *
 * @example
 * ```ts
 * import { traceRows } from "stallfree/lib/charts/latency_trace_chart.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(traceRows([{ label: "a", costs: [33, 2] }], true), [
 *   { label: "a", step: 1, cost: 33 },
 *   { label: "a", step: 2, cost: 2 },
 * ]);
 * assertThrows(() => traceRows([{ label: "a", costs: [0] }], true), RangeError, "traces[0].costs[0] to be");
 * ```
 */
export function traceRows(traces: readonly LatencyTrace[], isLog: boolean): TraceRow[] {
  const labels: string[] = [];
  return requireRecords("traces", traces, ({ label, costs }, i) => {
    if (labels.includes(requireString(`traces[${i}].label`, label))) {
      const found = `${JSON.stringify(label)}, the label of traces[${labels.indexOf(label)}]`;
      throw new RangeError(`Expected traces[${i}].label to be unique but found ${found}`);
    }
    labels.push(label);
    const field = `traces[${i}].costs`;
    if (!Array.isArray(costs) || costs.length === 0) {
      const [found, ErrorType] = Array.isArray(costs)
        ? ["an empty array", RangeError]
        : [describeValue(costs), TypeError];
      throw new ErrorType(`Expected ${field} to be a non-empty array but found ${found}`);
    }
    const cost = (value: unknown, j: number) => requireNumber(`${field}[${j}]`, value, isLog);
    return costs.map((value, j): TraceRow => ({ label, step: j + 1, cost: cost(value, j) }));
  }).flat();
}

/**
 * Draws one panel per trace, in the order given. Defaults: title "Decode
 * latency, step by step", log cost, 720 pixels wide, panels 240 high.
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
  const rows = traceRows(traces, o.logY);
  const labels = [...new Set(rows.map((row) => row.label))];
  const numColumns = Math.min(3, labels.length);
  const numRows = Math.ceil(labels.length / numColumns);
  // Panels on a grid of facets: fx the column, fy the row.
  const cell = (label: string, i = labels.indexOf(label)) => ({
    label,
    column: i % numColumns,
    row: Math.floor(i / numColumns),
  });
  // d3 shrinks a lone band by its padding, so only gaps between panels get any.
  const band = (n: number, size: number) => ({
    domain: [...Array(n).keys()],
    paddingInner: n > 1 ? GAP / (size + GAP) : 0,
    paddingOuter: 0,
    axis: null,
  });
  const facets = { fx: "column", fy: "row" } as const;
  const title = (row: TraceRow) => `${row.label}\nstep ${row.step}\ncost ${row.cost}`;
  const points = rows.map((row) => ({ ...row, ...cell(row.label) }));
  const heading = { frameAnchor: "top", lineAnchor: "bottom", dy: -8, fontWeight: "bold" } as const;
  const height = MARGIN.top + MARGIN.bottom + numRows * (o.height + GAP) - GAP;
  const svg = xySvg({ ...o, logX: false, height }, [
    Plot.frame({ stroke: "#ccc" }),
    ...lineDots(points, { x: "step", y: "cost", ...facets, r: 2.5, title }),
    Plot.text(labels.map((label) => cell(label)), {
      ...{ ...facets, ...heading, text: "label", fontSize: 13, className: "panels" },
    }),
  ], {
    ...{ subtitle: o.subtitle, marginTop: MARGIN.top, marginBottom: MARGIN.bottom },
    ...{ fx: band(numColumns, (o.width - 84) / numColumns), fy: band(numRows, o.height) },
    // Steps are whole: a tick between two steps goes unlabelled.
    x: { inset: 6, tickFormat: (step: number) => Number.isInteger(step) ? String(step) : "" },
    y: { inset: 6, zero: !o.logY }, // linear: a step's height is its cost
  });
  return makeChart({ title: o.title, svg });
}
