/**
 * The schedule timeline of a probe run: steps across, requests down, one
 * shaded cell per chunk a request ran in a step. Idle steps stay as empty
 * columns, so a stall reads as a gap and a long prefill as a dark cell.
 *
 * Does not draw a colour legend: Plot's continuous legend paints a `<canvas>`,
 * which linkedom lacks, so a subtitle states the scale instead.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { resolveOptions } from "./options.ts";
import { PAGE_WIDTH, plotSvg } from "./plot.ts";
import type { ScheduledChunk, StepRecord } from "../engine/step_record.ts";
import { describeValue } from "../validate.ts";

/** One cell of the timeline: request `id` ran `tokens` tokens in `step`. */
export interface TimelineCell {
  /** The step index. */
  step: number;
  /** The request's id. */
  id: string;
  /** Tokens the request advanced in the step, its `numScheduledTokens`. */
  tokens: number;
}

/** Options for {@linkcode timelineChart}. */
export interface TimelineChartOptions {
  /** The heading above the chart. @default {"Schedule timeline"} */
  title?: string;
  /** Total width in pixels. @default {720} */
  width?: number;
  /** Write each cell's token count in it. @default {true when every count fits its cell} */
  showCounts?: boolean;
}

const DEFAULTS = { title: "Schedule timeline", width: PAGE_WIDTH };
/** Light and dark ends of the shade; the light end stays visible on white. */
const RAMP = ["#c6dbef", "#08306b"];
const MARGIN = { marginTop: 8, marginRight: 20, marginBottom: 40 };
/** Pixels a digit of the 11px counts takes. */
const DIGIT = 7;

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
 * import { assertMatch } from "@std/assert";
 * const chunk = (id: string, n: number) => ({ id, numScheduledTokens: n, contextLen: n });
 * const empty = { arrived: [], sampled: [], finished: [] };
 * const chart = timelineChart([
 *   { step: 0, scheduled: [chunk("r0", 8)], ...empty },
 *   { step: 1, scheduled: [chunk("r0", 1), chunk("r1", 32)], ...empty },
 * ]);
 * assertMatch(chart.svg, /<g [^>]*aria-label="cell"[^>]*>(<rect[^>]*>.*?<\/rect>){3}<\/g>/s);
 * ```
 */
export function timelineChart(
  records: readonly StepRecord[],
  options: TimelineChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { showCounts: "boolean" });
  const cells = timelineCells(records);
  const steps = records.map((record) => record.step);
  const ids = [...new Set(cells.map((cell) => cell.id))];
  // reduce, not Math.max(...xs), which overflows the stack on long runs.
  const maxTokens = cells.reduce((max, cell) => Math.max(max, cell.tokens), 1);
  const marginLeft = Math.max(
    36,
    14 + DIGIT * ids.reduce((max, id) => Math.max(max, id.length), 0),
  );
  const frameWidth = Math.max(1, o.width - marginLeft - MARGIN.marginRight);
  const rowHeight = Math.max(5, Math.min(26, 480 / ids.length));
  // A 10% gutter separates cells until they get too thin to spare it.
  const padding = (band: number) => band >= 6 ? 0.1 : 0;
  const cellWidth = (1 - padding(frameWidth / steps.length)) * frameWidth / steps.length;
  const showCounts = o.showCounts ??
    (cellWidth >= DIGIT * String(maxTokens).length + 2 && rowHeight >= 15);
  const at = { x: "step", y: "id" } as const;
  const svg = plotSvg({
    title: o.title,
    subtitle: `Cell shade: tokens scheduled, from 0 (light) to ${maxTokens} (dark)`,
    width: o.width,
    height: ids.length * rowHeight + MARGIN.marginTop + MARGIN.marginBottom,
    marginLeft,
    ...MARGIN,
    x: {
      type: "band",
      domain: steps,
      padding: padding(frameWidth / steps.length),
      ticks: thinTicks(steps, frameWidth / 36),
      label: "step",
      labelAnchor: "center",
    },
    y: {
      type: "band",
      domain: ids,
      padding: padding(rowHeight),
      ticks: thinTicks(ids, ids.length * rowHeight / 14),
      label: null,
    },
    color: { type: "linear", domain: [0, maxTokens], range: RAMP, interpolate: "hcl" },
    marks: [
      Plot.cell(cells, {
        ...at,
        fill: "tokens",
        title: (cell: TimelineCell) => `step ${cell.step}\nid ${cell.id}\ntokens ${cell.tokens}`,
        // Without a gutter, anti-aliased edges of adjacent cells show as pale seams.
        shapeRendering: "crispEdges",
      }),
      showCounts
        ? Plot.text(cells, {
          ...at,
          text: "tokens",
          fontSize: 11,
          className: "counts",
          fill: {
            value: (cell: TimelineCell) => cell.tokens * 2 > maxTokens ? "white" : "black",
            scale: null,
          },
        })
        : null,
    ],
  });
  return makeChart({ title: o.title, svg });
}

/** Every k-th value, k the first of 1, 2, 5, 10, 20, ... that leaves at most `maxLabels`. */
function thinTicks<T>(values: T[], maxLabels: number): T[] {
  const wanted = values.length / Math.max(1, Math.floor(maxLabels));
  const power = 10 ** Math.floor(Math.log10(Math.max(1, wanted)));
  const every = [1, 2, 5, 10].map((m) => m * power).find((k) => k >= wanted) ?? 1;
  return values.filter((_, i) => i % every === 0);
}
