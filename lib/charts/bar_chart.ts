/**
 * Grouped horizontal bars: one row of bars per group (say, a workload under
 * an SLO), one bar per series within it (a config), each series in its own
 * colour and each bar labelled with its value at its end. Bars start at 0,
 * so lengths compare as ratios.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { type ChartOptions, requireNumber, requireString, resolveOptions } from "./options.ts";
import { HALO, PAGE_WIDTH, PALETTE, plotSvg } from "./plot.ts";
import { requireRecords } from "../validate.ts";

/** One bar. */
export interface Bar {
  /** The row of bars it belongs to, e.g. `"chat, P99 TBT <= 100 ms"`. */
  group: string;
  /** Its series, e.g. `"budget 512"`: the colour, and the order within a group. */
  series: string;
  /** Its length, a finite number >= 0. */
  value: number;
}

/** Options for {@linkcode barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** The value axis title. */
  xLabel?: string;
  /** Decimals in the labels at the bars' ends. */
  digits?: number;
}

const DEFAULTS = { title: "Bars", xLabel: "value", width: PAGE_WIDTH };

/**
 * Draws `bars` grouped by `group`, in the order first seen. Defaults: title
 * "Bars", axis "value", 720 pixels wide, 2 decimals; the height follows the
 * number of bars.
 *
 * @example
 * ```ts
 * import { barChart } from "stallfree/lib/charts/bar_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = barChart([
 *   { group: "chat", series: "vLLM-like", value: 2.4 },
 *   { group: "chat", series: "Sarathi-like", value: 5 },
 *   { group: "arxiv", series: "vLLM-like", value: 0.7 },
 * ], { xLabel: "capacity (QPS)", digits: 1 });
 * assertEquals(chart.svg.match(/<rect /g)?.length, 3);
 * assertMatch(chart.svg, />5\.0<\/text>/);
 * ```
 */
export function barChart(bars: readonly Bar[], options: BarChartOptions = {}): Chart {
  const o = resolveOptions(options, DEFAULTS, { digits: "number" });
  const digits = o.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0 || digits > 6) {
    throw new RangeError(`Expected digits to be an integer in [0, 6] but found ${digits}`);
  }
  const rows = requireRecords("bars", bars, ({ group, series, value }, i) => {
    const v = requireNumber(`bars[${i}].value`, value);
    if (v < 0) {
      throw new RangeError(`Expected bars[${i}].value to be a finite number >= 0 but found ${v}`);
    }
    return {
      group: requireString(`bars[${i}].group`, group),
      series: requireString(`bars[${i}].series`, series),
      value: v,
    };
  });
  const groups = [...new Set(rows.map((b) => b.group))];
  const names = [...new Set(rows.map((b) => b.series))];
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const at = { x: "value", y: "series", fy: "group" } as const;
  const label = (b: Bar) => b.value.toFixed(digits);
  const svg = plotSvg({
    title: o.title,
    width: o.width,
    height: 40 + 24 * names.length * groups.length + 30 * groups.length,
    marginLeft: 12 + 7 * Math.max(...names.map((n) => n.length)),
    marginTop: 30,
    marginRight: 60,
    marginBottom: 40,
    x: { label: o.xLabel, labelAnchor: "center", grid: true, insetRight: 8 },
    y: { label: null, domain: names, padding: 0.15 },
    fy: { axis: null, domain: groups, padding: 0.3 },
    color,
    facet: { label: null },
    marks: [
      Plot.barX(rows, { ...at, fill: "series", title: (b: Bar) => `${b.series}: ${label(b)}` }),
      Plot.text(rows, { ...at, text: label, ...HALO, textAnchor: "start", dx: 4 }),
      Plot.text(groups, {
        fy: Plot.identity,
        text: Plot.identity,
        frameAnchor: "top-left",
        dy: -16,
        fontWeight: "bold",
        className: "group",
      }),
      Plot.ruleX([0]),
    ],
  });
  return makeChart({ title: o.title, svg });
}
