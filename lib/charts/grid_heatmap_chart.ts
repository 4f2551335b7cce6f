/**
 * A grid search at a glance: token budget up, chunk threshold across, one cell
 * per configuration shaded and labelled by the total steps its run took, cells
 * that break the SLO greyed and crossed, the chosen configuration outlined.
 * The subtitle states the shade: Plot's colour legend needs a `<canvas>`.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, resolveOptions } from "./options.ts";
import { extent, PAGE_WIDTH, plotSvg } from "./plot.ts";
import { describeValue, requireInteger, requireKnownKeys, requireRecords } from "../validate.ts";

/** A configuration of the grid, by vLLM's names. */
export interface GridConfig {
  /** The token budget, `max_num_batched_tokens`. */
  maxNumBatchedTokens: number;
  /** The chunk threshold, `long_prefill_token_threshold`; 0 is off. */
  longPrefillTokenThreshold: number;
}

/** One configuration of the grid and how its run went. */
export interface GridCell extends GridConfig {
  /** Steps the run took to finish every request. */
  totalSteps: number;
  /** Whether the run kept within the SLO. */
  meetsSlo: boolean;
}

/** Options for {@linkcode gridHeatmapChart}; the height follows from the number of budgets. */
export interface GridHeatmapChartOptions extends Omit<ChartOptions, "height"> {
  /** The configuration to outline; it must be one of the cells. */
  chosen?: GridConfig;
  /** Names the SLO in the subtitle, as in "× breaks the SLO". */
  sloLabel?: string;
}

const DEFAULTS = {
  title: "Grid search: total steps per config",
  width: PAGE_WIDTH,
  sloLabel: "SLO",
};
const KEYS = ["maxNumBatchedTokens", "longPrefillTokenThreshold"] as const;
const XY = { x: KEYS[1], y: KEYS[0] } as const;
const RAMP = ["#08306b", "#9ecae1"]; // fewest steps dark; the light end stays clear of the grey
const BROKEN = { fill: "#ececec", text: "#767676", mark: "#c0392b" };
const MARGIN = { marginTop: 8, marginRight: 20, marginBottom: 44, marginLeft: 72 };
const CORNER = 10; // the "×" sits in a violator's top-right corner, this many pixels in
const steps = (n: number) => n.toLocaleString("en-US");
const thresholdName = (t: number) => t === 0 ? "off" : String(t);

/**
 * Draws `cells` as a heatmap of total steps over budget and threshold.
 * Defaults: title "Grid search: total steps per config", 720 pixels wide.
 *
 * @example
 * ```ts
 * import { gridHeatmapChart } from "stallfree/lib/charts/grid_heatmap_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const cell = (maxNumBatchedTokens: number, longPrefillTokenThreshold: number) =>
 *   ({ maxNumBatchedTokens, longPrefillTokenThreshold });
 * const chart = gridHeatmapChart([
 *   { ...cell(256, 0), totalSteps: 90, meetsSlo: false },
 *   { ...cell(256, 64), totalSteps: 120, meetsSlo: true },
 *   { ...cell(512, 64), totalSteps: 100, meetsSlo: true },
 * ], { chosen: cell(512, 64) });
 * assertMatch(chart.svg, /<g [^>]*aria-label="cell"[^>]*>(<rect[^>]*>.*?<\/rect>){3}<\/g>/s);
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
    [...new Set(rows.map((c) => c[key]))].sort((a, b) => a - b);
  const [thresholds, budgets] = [sorted(XY.x), sorted(XY.y).reverse()]; // larger budgets on top
  const meeting = rows.filter((cell) => cell.meetsSlo);
  const [lo, hi] = extent((meeting.length > 0 ? meeting : rows).map((cell) => cell.totalSteps));
  const shade = { type: "linear", domain: [lo, hi], range: RAMP, interpolate: "hcl", clamp: true };
  const ramp = Plot.scale({ color: shade } as Plot.PlotOptions);
  const fill = (c: GridCell) => c.meetsSlo ? ramp.apply(c.totalSteps) : BROKEN.fill;
  const isDark = (c: GridCell) => hi === lo || (c.totalSteps - lo) / (hi - lo) < 0.5;
  const textFill = (c: GridCell) => !c.meetsSlo ? BROKEN.text : isDark(c) ? "white" : "black";
  const rowHeight = Math.max(24, Math.min(44, 440 / budgets.length));
  const cellWidth = (o.width - MARGIN.marginLeft - MARGIN.marginRight) / thresholds.length;
  const tip = (c: GridCell) =>
    [`budget ${c.maxNumBatchedTokens}`, `threshold ${thresholdName(c.longPrefillTokenThreshold)}`]
      .concat(
        `total steps ${steps(c.totalSteps)}`,
        `${c.meetsSlo ? "meets" : "breaks"} the ${o.sloLabel}`,
      )
      .join("\n");
  const band = { type: "band", paddingInner: 0.06, labelAnchor: "center", tickSize: 0 } as const;
  const cross = { dx: cellWidth * 0.47 - CORNER, dy: CORNER - rowHeight * 0.47, fontSize: 16 };
  const outline = { stroke: "#f28e2c", strokeWidth: 4, fill: "none", className: "chosen" };
  const svg = plotSvg({
    ...{ title: o.title, width: o.width, height: budgets.length * rowHeight + 52, ...MARGIN },
    subtitle: `Shade: total steps, from ${steps(lo)} (dark) to ${steps(hi)} (light)\n` +
      `× breaks the ${o.sloLabel}${isChosen ? " · orange outline: the chosen config" : ""}`,
    x: {
      ...band,
      domain: thresholds,
      label: "chunk threshold (tokens)",
      tickFormat: thresholdName,
    },
    y: { ...band, domain: budgets, label: "token budget", tickFormat: String },
    marks: [
      Plot.cell(rows, { ...XY, title: tip, fill: { value: fill, scale: null } }),
      Plot.text(rows, {
        ...{ ...XY, text: (c: GridCell) => steps(c.totalSteps), fontSize: 13, className: "counts" },
        fill: { value: textFill, scale: null },
      }),
      Plot.text(rows.filter((cell) => !cell.meetsSlo), {
        ...{ ...XY, ...cross, text: () => "×", fill: BROKEN.mark, fontWeight: "bold" },
        className: "violators",
      }),
      isChosen ? Plot.cell(rows.filter(isChosen), { ...XY, ...outline }) : null,
    ],
  });
  return makeChart({ title: o.title, svg });
}

/** Copies the four fields of each cell, refusing a repeated configuration. */
function requireCells(cells: readonly GridCell[]): GridCell[] {
  const seen = new Map<string, number>();
  return requireRecords("cells", cells, (cell, i) => {
    const field = (key: keyof GridCell) => requireInteger(`cells[${i}].${key}`, cell[key], 0);
    const [budget, threshold, totalSteps] = [...KEYS, "totalSteps" as const].map(field);
    const { meetsSlo } = cell;
    if (typeof meetsSlo !== "boolean") {
      const found = describeValue(meetsSlo);
      throw new TypeError(`Expected cells[${i}].meetsSlo to be a boolean but found ${found}`);
    }
    const key = `maxNumBatchedTokens ${budget}, longPrefillTokenThreshold ${threshold}`;
    const found = `${key} at cells[${seen.get(key)}] and cells[${i}]`;
    if (seen.has(key)) {
      throw new RangeError(`Expected one cell per configuration but found ${found}`);
    }
    seen.set(key, i);
    return {
      ...{ maxNumBatchedTokens: budget, longPrefillTokenThreshold: threshold },
      totalSteps,
      meetsSlo,
    };
  });
}

/** The test for the chosen cell, once `chosen` is known to be one of `rows`. */
function requireChosen(chosen: Record<string, unknown>, rows: GridCell[]) {
  requireKnownKeys("chosen", chosen, KEYS);
  const isChosen = (cell: GridCell) => KEYS.every((key) => cell[key] === chosen[key]);
  if (rows.some(isChosen)) return isChosen;
  const found = KEYS.map((key) => `${key} ${describeValue(chosen[key])}`).join(", ");
  throw new RangeError(`Expected chosen to be one of the cells but found ${found}`);
}
