/**
 * The schedule timeline of a probe run: steps across, requests down, one
 * shaded cell per chunk a request ran in a step. Idle steps stay as empty
 * columns, so a stall reads as a gap and a long prefill as a dark cell. The
 * subtitle states the shade: Plot's colour legend needs a `<canvas>`.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, resolveOptions } from "./options.ts";
import { PAGE_WIDTH, plotSvg } from "./plot.ts";
import type { StepRecord } from "../engine/step_record.ts";
import { describeValue } from "../validate.ts";

/** One cell of the timeline: request `id` ran `tokens` tokens (its `numScheduledTokens`) in `step`. */
export interface TimelineCell {
  /** The step index. */
  step: number;
  /** The request's id. */
  id: string;
  /** Tokens the request advanced in the step. */
  tokens: number;
}

/** Options for {@linkcode timelineChart}; the height follows from the number of requests. */
export interface TimelineChartOptions extends Omit<ChartOptions, "height"> {
  /** Write each cell's token count in it (by default, when every count fits its cell). */
  showCounts?: boolean;
}

const RAMP = ["#c6dbef", "#08306b"]; // light to dark; the light end stays visible on white
const MARGIN = { marginTop: 8, marginRight: 20, marginBottom: 40 };
const DIGIT = 7; // pixels a digit of the 11px counts takes

/**
 * Flattens records into one cell per scheduled chunk, in step then schedule order.
 *
 * @example
 * ```ts
 * import { timelineCells } from "stallfree/lib/charts/timeline_chart.ts";
 * import { assertEquals } from "@std/assert";
 * const chunk = (id: string, n: number) => ({ id, numScheduledTokens: n, contextLen: n });
 * const empty = { arrived: [], sampled: [], sampledTokenIds: [], finished: [] };
 * assertEquals(timelineCells([
 *   { step: 0, scheduled: [chunk("r0", 8)], ...empty },
 *   { step: 1, scheduled: [chunk("r0", 1), chunk("r1", 32)], ...empty },
 * ]), [{ step: 0, id: "r0", tokens: 8 }, { step: 1, id: "r0", tokens: 1 }, { step: 1, id: "r1", tokens: 32 }]);
 * ```
 */
export function timelineCells(records: readonly StepRecord[]): TimelineCell[] {
  if (!Array.isArray(records)) {
    throw new TypeError(`Expected records to be an array but found ${describeValue(records)}`);
  }
  return records.flatMap(({ step, scheduled }, i) => {
    if (!Array.isArray(scheduled)) {
      throw new TypeError(
        `Expected records[${i}].scheduled to be an array but found ${describeValue(scheduled)}`,
      );
    }
    return scheduled.map(({ id, numScheduledTokens }) => ({
      step,
      id,
      tokens: numScheduledTokens,
    }));
  });
}

/**
 * Draws the schedule timeline of `records`, requests in order of first
 * appearance. Defaults: title "Schedule timeline", 720 pixels wide.
 *
 * @example
 * ```ts
 * import { timelineChart } from "stallfree/lib/charts/timeline_chart.ts";
 * import { assertMatch } from "@std/assert";
 * const chunk = (id: string, n: number) => ({ id, numScheduledTokens: n, contextLen: n });
 * const empty = { arrived: [], sampled: [], sampledTokenIds: [], finished: [] };
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
  const o = resolveOptions(options, { title: "Schedule timeline", width: PAGE_WIDTH }, {
    showCounts: "boolean",
  });
  const cells = timelineCells(records);
  const steps = records.map((record) => record.step);
  const ids = [...new Set(cells.map((cell) => cell.id))];
  // reduce, not Math.max(...xs), which overflows the stack on long runs.
  const maxTokens = cells.reduce((max, cell) => Math.max(max, cell.tokens), 1);
  const longestId = ids.reduce((max, id) => Math.max(max, id.length), 0);
  const margin = { ...MARGIN, marginLeft: Math.max(36, 14 + DIGIT * longestId) };
  const frameWidth = Math.max(1, o.width - margin.marginLeft - margin.marginRight);
  const rowHeight = Math.max(5, Math.min(26, 480 / ids.length));
  // A 10% gutter separates cells until they get too thin to spare it.
  const padding = (band: number) => band >= 6 ? 0.1 : 0;
  const x = { domain: steps, padding: padding(frameWidth / steps.length) };
  const countsFit =
    (1 - x.padding) * frameWidth / steps.length >= DIGIT * String(maxTokens).length + 2;
  const at = { x: "step", y: "id" } as const;
  const yTicks = thinTicks(ids, rowHeight * ids.length / 14);
  const title = (c: TimelineCell) => `step ${c.step}\nid ${c.id}\ntokens ${c.tokens}`;
  const textFill = (c: TimelineCell) => c.tokens * 2 > maxTokens ? "white" : "black";
  const svg = plotSvg({
    ...{ title: o.title, width: o.width, height: ids.length * rowHeight + 48, ...margin },
    subtitle: `Cell shade: tokens scheduled, from 0 (light) to ${maxTokens} (dark)`,
    x: {
      type: "band",
      ...x,
      ticks: thinTicks(steps, frameWidth / 36),
      label: "step",
      labelAnchor: "center",
    },
    y: { type: "band", domain: ids, padding: padding(rowHeight), label: null, ticks: yTicks },
    color: { type: "linear", domain: [0, maxTokens], range: RAMP, interpolate: "hcl" },
    marks: [
      // Without a gutter, anti-aliased edges of adjacent cells show as pale seams.
      Plot.cell(cells, { ...at, fill: "tokens", shapeRendering: "crispEdges", title }),
      (o.showCounts ?? (countsFit && rowHeight >= 15))
        ? Plot.text(cells, {
          ...at,
          text: "tokens",
          fontSize: 11,
          fill: { value: textFill, scale: null },
          className: "counts",
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
