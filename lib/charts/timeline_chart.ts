/**
 * The schedule timeline of a probe run: steps across, requests down, one
 * shaded cell per chunk a request ran in a step. Idle steps stay as empty
 * columns, so a stall reads as a gap and a long prefill as a dark cell.
 *
 * Does not draw a colour legend in the SVG: Plot's continuous legend paints a
 * `<canvas>`, which linkedom lacks, so a subtitle states the scale instead.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import type { ScheduledChunk, StepRecord } from "../engine/step_record.ts";
import { describeValue, requireKnownKeys } from "../validate.ts";

/** One cell of the timeline: request `id` ran `tokens` tokens in `step`. */
export interface TimelineCell {
  /** The step index. */
  step: number;
  /** The request's id. */
  id: string;
  /** Tokens the request advanced in the step. */
  tokens: number;
}

/** Options for {@linkcode timelineChart}. */
export interface TimelineChartOptions {
  /** The heading above the chart. @default {"Schedule timeline"} */
  title?: string;
  /** Total width in pixels, margins included. @default {640} */
  width?: number;
  /** Write each cell's token count in it. @default {true when every count fits its cell} */
  showCounts?: boolean;
}

/** Light and dark ends of the shade; the light end stays visible on white. */
const RAMP = ["#c6dbef", "#08306b"];
const MARGIN = { marginTop: 6, marginRight: 20, marginBottom: 36 };

/**
 * Flattens records into one row per scheduled chunk, in step then schedule order.
 *
 * @example
 * ```ts
 * import { timelineCells } from "stallfree/lib/charts/timeline_chart.ts";
 * import { assertEquals } from "@std/assert";
 * const chunk = (id: string, n: number) => ({ id, numScheduledTokens: n, contextLen: n });
 * const empty = { arrived: [], sampled: [], finished: [] };
 * const records = [
 *   { step: 0, scheduled: [chunk("r0", 8)], ...empty },
 *   { step: 1, scheduled: [chunk("r0", 1), chunk("r1", 32)], ...empty },
 *   { step: 2, scheduled: [], ...empty },
 * ];
 * assertEquals(timelineCells(records), [
 *   { step: 0, id: "r0", tokens: 8 },
 *   { step: 1, id: "r0", tokens: 1 },
 *   { step: 1, id: "r1", tokens: 32 },
 * ]);
 * ```
 */
export function timelineCells(records: readonly StepRecord[]): TimelineCell[] {
  if (!Array.isArray(records)) {
    throw new TypeError(`Expected records to be an array but found ${describeValue(records)}`);
  }
  return records.flatMap((record, i) => {
    if (!Array.isArray(record?.scheduled)) {
      const found = describeValue(record?.scheduled);
      throw new TypeError(`Expected records[${i}].scheduled to be an array but found ${found}`);
    }
    return record.scheduled.map(({ id, numScheduledTokens }: ScheduledChunk) => ({
      step: record.step,
      id,
      tokens: numScheduledTokens,
    }));
  });
}

/**
 * Draws the schedule timeline of `records`: steps on x, requests on y in order
 * of first appearance, each cell shaded (and, when legible, labelled) by the
 * tokens scheduled.
 *
 * @example
 * ```ts
 * import { timelineChart } from "stallfree/lib/charts/timeline_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chunk = (id: string, n: number) => ({ id, numScheduledTokens: n, contextLen: n });
 * const empty = { arrived: [], sampled: [], finished: [] };
 * const chart = timelineChart([
 *   { step: 0, scheduled: [chunk("r0", 8)], ...empty },
 *   { step: 1, scheduled: [chunk("r0", 1), chunk("r1", 32)], ...empty },
 * ]);
 * assertEquals(chart.title, "Schedule timeline");
 * assertMatch(chart.svg, /<g [^>]*aria-label="cell">(<rect[^>]*>.*?<\/rect>){3}<\/g>/s);
 * ```
 */
export function timelineChart(
  records: readonly StepRecord[],
  options: TimelineChartOptions = {},
): Chart {
  requireKnownKeys("options", options, ["title", "width", "showCounts"]);
  const { title = "Schedule timeline", width = 640, showCounts } = options;
  if (typeof width !== "number" || !Number.isFinite(width) || width <= 0) {
    const ErrorType = typeof width === "number" ? RangeError : TypeError;
    throw new ErrorType(`Expected width to be a number > 0 but found ${describeValue(width)}`);
  }
  const cells = timelineCells(records);
  const layout = timelineLayout(records, cells, width, showCounts);
  const vegaLite = timelineSpec(cells, layout, title);
  return makeChart({ title, svg: timelineSvg(cells, layout, title), vegaLite });
}

/** Sizes, band axes and the count switch both renderings share. */
type Layout = ReturnType<typeof timelineLayout>;

function timelineLayout(
  records: readonly StepRecord[],
  cells: TimelineCell[],
  width: number,
  showCounts?: boolean,
) {
  const steps = records.map((record) => record.step);
  const ids = [...new Set(cells.map((cell) => cell.id))];
  // reduce, not Math.max(...xs), which overflows the stack on long runs.
  const maxTokens = cells.reduce((max, cell) => Math.max(max, cell.tokens), 1);
  const longestId = ids.reduce((max, id) => Math.max(max, id.length), 0);
  const marginLeft = Math.max(30, 12 + 6 * longestId);
  const frameWidth = Math.max(1, width - marginLeft - MARGIN.marginRight);
  const rowHeight = Math.max(4, Math.min(22, 440 / ids.length));
  const frameHeight = Math.max(rowHeight, ids.length * rowHeight);
  // A 10% gutter separates cells until they get too thin to spare it.
  const padding = (band: number) => band >= 6 ? 0.1 : 0;
  const xPadding = padding(frameWidth / steps.length);
  // 10px tabular digits are ~6px wide.
  const cellWidth = (1 - xPadding) * frameWidth / steps.length;
  const countsFit = cellWidth >= 6 * String(maxTokens).length + 2 && rowHeight >= 12;
  return {
    width,
    maxTokens,
    marginLeft,
    frameWidth,
    frameHeight,
    showCounts: showCounts ?? countsFit,
    x: { domain: steps, padding: xPadding, ticks: thinTicks(steps, frameWidth / 32) },
    y: { domain: ids, padding: padding(rowHeight), ticks: thinTicks(ids, frameHeight / 12) },
  };
}

function timelineSvg(cells: TimelineCell[], layout: Layout, title: string): string {
  const { maxTokens } = layout;
  const textFill = (cell: TimelineCell) => cell.tokens * 2 > maxTokens ? "white" : "black";
  return plotSvg({
    title,
    subtitle: `Cell shade: tokens scheduled, from 0 (light) to ${maxTokens} (dark)`,
    width: layout.width,
    height: layout.frameHeight + MARGIN.marginTop + MARGIN.marginBottom,
    marginLeft: layout.marginLeft,
    ...MARGIN,
    x: { type: "band", ...layout.x, label: "step" },
    y: { type: "band", ...layout.y, label: null },
    color: { type: "linear", domain: [0, maxTokens], range: RAMP, interpolate: "hcl" },
    marks: [
      Plot.cell(cells, {
        x: "step",
        y: "id",
        fill: "tokens",
        title: (cell: TimelineCell) => `step ${cell.step}\nid ${cell.id}\ntokens ${cell.tokens}`,
        // Without a gutter, anti-aliased edges of adjacent cells show as pale seams.
        shapeRendering: "crispEdges",
      }),
      layout.showCounts
        ? Plot.text(cells, {
          x: "step",
          y: "id",
          text: "tokens",
          className: "counts",
          fill: { value: textFill, scale: null },
        })
        : null,
    ],
  });
}

function timelineSpec(cells: TimelineCell[], layout: Layout, title: string) {
  const { maxTokens, x, y } = layout;
  const counts = {
    mark: { type: "text", fontSize: 10 },
    encoding: {
      text: { field: "tokens", type: "quantitative" },
      color: {
        condition: { test: `datum.tokens * 2 > ${maxTokens}`, value: "white" },
        value: "black",
      },
    },
  };
  const scale = (axis: typeof x | typeof y) => ({
    domain: axis.domain,
    paddingInner: axis.padding,
  });
  return {
    title,
    width: layout.frameWidth,
    height: layout.frameHeight,
    data: { values: cells },
    encoding: {
      x: {
        field: "step",
        type: "ordinal",
        scale: scale(x),
        axis: { values: x.ticks, labelAngle: 0 },
      },
      y: { field: "id", type: "nominal", title: null, scale: scale(y), axis: { values: y.ticks } },
    },
    layer: [{
      mark: { type: "rect", tooltip: { content: "data" } },
      encoding: {
        color: {
          field: "tokens",
          type: "quantitative",
          scale: { domain: [0, maxTokens], range: RAMP, interpolate: "hcl" },
        },
      },
    }, ...(layout.showCounts ? [counts] : [])],
  };
}

/** Every k-th value, k the first of 1, 2, 5, 10, 20, ... that leaves at most `maxLabels`. */
function thinTicks<T>(values: T[], maxLabels: number): T[] {
  const wanted = values.length / Math.max(1, Math.floor(maxLabels));
  const power = 10 ** Math.floor(Math.log10(Math.max(1, wanted)));
  const every = [1, 2, 5, 10].map((m) => m * power).find((k) => k >= wanted) ?? 1;
  return values.filter((_, i) => i % every === 0);
}
