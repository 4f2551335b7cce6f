/**
 * A grid search at a glance: token budget up, chunk threshold across, one cell
 * per configuration shaded and labelled by the total steps its run took, cells
 * that break the SLO greyed and crossed, and the chosen configuration outlined.
 *
 * Does not draw a colour legend: Plot's continuous legend paints a `<canvas>`,
 * which linkedom lacks, so a subtitle states the scale instead.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { resolveOptions } from "./options.ts";
import { extent, PAGE_WIDTH, plotSvg } from "./plot.ts";
import { describeValue, requireInteger, requireKnownKeys, requireRecords } from "../validate.ts";

/** A configuration of the grid: the budget and the threshold, by their vLLM names. */
export interface GridConfig {
  /** The token budget, vLLM's `max_num_batched_tokens`. */
  maxNumBatchedTokens: number;
  /** The chunk threshold, vLLM's `long_prefill_token_threshold`; 0 is off. */
  longPrefillTokenThreshold: number;
}

/** One configuration of the grid and how its run went. */
export interface GridCell extends GridConfig {
  /** Steps the run took to finish every request. */
  totalSteps: number;
  /** Whether the run kept within the SLO. */
  meetsSlo: boolean;
}

/** Options for {@linkcode gridHeatmapChart}. */
export interface GridHeatmapChartOptions {
  /** The heading above the chart. @default {"Grid search: total steps per config"} */
  title?: string;
  /** Total width in pixels. @default {720} */
  width?: number;
  /** The configuration to outline; it must be one of the cells. @default {undefined} */
  chosen?: GridConfig;
  /** Names the SLO in the subtitle, as in "× breaks the SLO". @default {"SLO"} */
  sloLabel?: string;
}

const DEFAULTS = {
  title: "Grid search: total steps per config",
  width: PAGE_WIDTH,
  sloLabel: "SLO",
};
const KEYS = ["maxNumBatchedTokens", "longPrefillTokenThreshold"] as const;
/** Fewest steps dark, most light; the light end stays clear of the violators' grey. */
const RAMP = ["#08306b", "#9ecae1"];
const BROKEN = { fill: "#ececec", text: "#767676", mark: "#c0392b" };
const MARGIN = { marginTop: 8, marginRight: 20, marginBottom: 44, marginLeft: 72 };
const PADDING = 0.06;
/** The "×" sits in each violator's top-right corner, this many pixels in. */
const CORNER = 10;
const steps = (n: number) => n.toLocaleString("en-US");
const thresholdName = (t: number) => t === 0 ? "off" : String(t);
const XY = { x: "longPrefillTokenThreshold", y: "maxNumBatchedTokens" } as const;

/**
 * Draws `cells` as a heatmap of total steps over budget and threshold, with
 * SLO violators crossed out and, when given, the chosen cell outlined.
 *
 * @example
 * ```ts
 * import { gridHeatmapChart } from "stallfree/lib/charts/grid_heatmap_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = gridHeatmapChart([
 *   { maxNumBatchedTokens: 256, longPrefillTokenThreshold: 0, totalSteps: 90, meetsSlo: false },
 *   { maxNumBatchedTokens: 256, longPrefillTokenThreshold: 64, totalSteps: 120, meetsSlo: true },
 *   { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64, totalSteps: 100, meetsSlo: true },
 * ], { chosen: { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64 } });
 * assertMatch(chart.svg, /<g [^>]*aria-label="cell"[^>]*>(<rect[^>]*>.*?<\/rect>){3}<\/g>/s);
 * assertMatch(chart.svg, />off<\/text>/);
 * assertEquals(chart.svg.match(/>×<\/text>/g)?.length, 1);
 * ```
 */
export function gridHeatmapChart(
  cells: readonly GridCell[],
  options: GridHeatmapChartOptions = {},
): Chart {
  const rows = requireCells(cells);
  const o = resolveOptions(options, DEFAULTS, { chosen: "object" });
  const isChosen = o.chosen && requireChosen(o.chosen, rows);
  const sorted = (key: keyof GridConfig) =>
    [...new Set(rows.map((cell) => cell[key]))].sort((a, b) => a - b);
  const thresholds = sorted("longPrefillTokenThreshold");
  // Larger budgets on top: a band axis runs its domain downwards.
  const budgets = sorted("maxNumBatchedTokens").reverse();
  const meeting = rows.filter((cell) => cell.meetsSlo);
  const [lo, hi] = extent((meeting.length > 0 ? meeting : rows).map((cell) => cell.totalSteps));
  const ramp = Plot.scale({
    color: { type: "linear", domain: [lo, hi], range: RAMP, interpolate: "hcl", clamp: true },
  });
  const isDark = (cell: GridCell) => hi === lo || (cell.totalSteps - lo) / (hi - lo) < 0.5;
  const frameWidth = o.width - MARGIN.marginLeft - MARGIN.marginRight;
  const frameHeight = budgets.length * Math.max(24, Math.min(44, 440 / budgets.length));
  const band = (size: number, n: number) => size / (n - PADDING) * (1 - PADDING);
  const tip = (cell: GridCell) =>
    `budget ${cell.maxNumBatchedTokens}\nthreshold ${
      thresholdName(cell.longPrefillTokenThreshold)
    }\n` +
    `total steps ${steps(cell.totalSteps)}\n${
      cell.meetsSlo ? "meets" : "breaks"
    } the ${o.sloLabel}`;
  const axis = {
    type: "band",
    paddingInner: PADDING,
    paddingOuter: 0,
    labelAnchor: "center",
    tickSize: 0,
  } as const;
  const svg = plotSvg({
    title: o.title,
    subtitle: `Shade: total steps, from ${steps(lo)} (dark) to ${
      steps(hi)
    } (light)\n× breaks the ${o.sloLabel}${isChosen ? " · orange outline: the chosen config" : ""}`,
    width: o.width,
    height: frameHeight + MARGIN.marginTop + MARGIN.marginBottom,
    ...MARGIN,
    x: {
      ...axis,
      domain: thresholds,
      label: "chunk threshold (tokens)",
      tickFormat: thresholdName,
    },
    y: { ...axis, domain: budgets, label: "token budget", tickFormat: String },
    marks: [
      Plot.cell(rows, {
        ...XY,
        fill: {
          value: (cell: GridCell) => cell.meetsSlo ? ramp.apply(cell.totalSteps) : BROKEN.fill,
          scale: null,
        },
        title: tip,
      }),
      Plot.text(rows, {
        ...XY,
        fontSize: 13,
        text: (cell: GridCell) => steps(cell.totalSteps),
        fill: {
          value: (cell: GridCell) =>
            !cell.meetsSlo ? BROKEN.text : isDark(cell) ? "white" : "black",
          scale: null,
        },
        className: "counts",
      }),
      Plot.text(rows.filter((cell) => !cell.meetsSlo), {
        ...XY,
        fontSize: 16,
        fontWeight: "bold",
        dx: band(frameWidth, thresholds.length) / 2 - CORNER,
        dy: CORNER - band(frameHeight, budgets.length) / 2,
        text: () => "×",
        fill: BROKEN.mark,
        className: "violators",
      }),
      isChosen
        ? Plot.cell(rows.filter(isChosen), {
          ...XY,
          stroke: "#f28e2c",
          strokeWidth: 4,
          fill: "none",
          className: "chosen",
        })
        : null,
    ],
  });
  return makeChart({ title: o.title, svg });
}

/** Copies the four fields of each cell, refusing a repeated configuration. */
function requireCells(cells: readonly GridCell[]): GridCell[] {
  const seen = new Map<string, number>();
  return requireRecords("cells", cells, (cell, i) => {
    const [budget, threshold, totalSteps] = ([...KEYS, "totalSteps"] as const)
      .map((key) => requireInteger(`cells[${i}].${key}`, cell[key], 0));
    if (typeof cell.meetsSlo !== "boolean") {
      const found = describeValue(cell.meetsSlo);
      throw new TypeError(`Expected cells[${i}].meetsSlo to be a boolean but found ${found}`);
    }
    const key = `maxNumBatchedTokens ${budget}, longPrefillTokenThreshold ${threshold}`;
    if (seen.has(key)) {
      const at = `cells[${seen.get(key)}] and cells[${i}]`;
      throw new RangeError(`Expected one cell per configuration but found ${key} at ${at}`);
    }
    seen.set(key, i);
    return {
      maxNumBatchedTokens: budget,
      longPrefillTokenThreshold: threshold,
      totalSteps,
      meetsSlo: cell.meetsSlo,
    };
  });
}

/** A test for the chosen cell, once `chosen` is known to be one of `rows`. */
function requireChosen(chosen: Record<string, unknown>, rows: GridCell[]) {
  requireKnownKeys("chosen", chosen, KEYS);
  const isChosen = (cell: GridCell) => KEYS.every((key) => cell[key] === chosen[key]);
  if (!rows.some(isChosen)) {
    const found = KEYS.map((key) => `${key} ${describeValue(chosen[key])}`).join(", ");
    throw new RangeError(`Expected chosen to be one of the cells but found ${found}`);
  }
  return isChosen;
}
