/**
 * KV blocks in use over time: one stepped line per run (named in a legend at
 * the top right), a red cross wherever a step preempted, and the pool's size
 * as a dashed rule. Does not show which request holds which block.
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart } from "./chart.ts";
import { requireNumber, requireString, resolveOptions, type XyChartOptions } from "./options.ts";
import { COLOR, PAGE_WIDTH, PALETTE, ruleMarks, xySvg } from "./plot.ts";
import { requireInteger, requireRecords } from "../validate.ts";

/** One step of one run. */
export interface KvUsagePoint {
  /** The run's name, e.g. `"stall-free"`. */
  series: string;
  /** When: the step index, or its start in ms. */
  x: number;
  /** KV blocks held by requests at the end of the step (`kvBlocksUsed`). */
  blocks: number;
  /** Requests preempted in the step. */
  preempted: number;
}

/** Options for {@linkcode kvUsageChart}: the pool's size, drawn as a rule. */
export interface KvUsageChartOptions extends Omit<XyChartOptions, "logY"> {
  /** The pool's size, `numKvBlocks`. */
  numKvBlocks?: number;
}

const DEFAULTS = {
  ...{ title: "KV blocks in use", xLabel: "step", yLabel: "blocks in use", width: PAGE_WIDTH },
  ...{ height: 300, logX: false },
};

/**
 * Draws `points` as one stepped line per series, a cross at each step that
 * preempted (its size by how many), and a rule at `numKvBlocks`.
 *
 * @example
 * ```ts
 * import { kvUsageChart } from "stallfree/lib/charts/kv_usage_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = kvUsageChart([
 *   { series: "run", x: 0, blocks: 3, preempted: 0 },
 *   { series: "run", x: 1, blocks: 4, preempted: 1 },
 *   { series: "run", x: 2, blocks: 2, preempted: 0 },
 * ], { numKvBlocks: 4 });
 * assertEquals(chart.svg.match(/class="preempted"/g)?.length, 1);
 * assertMatch(chart.svg, />pool: 4 blocks</);
 * ```
 */
export function kvUsageChart(
  points: readonly KvUsagePoint[],
  options: KvUsageChartOptions = {},
): Chart {
  const o = resolveOptions(options, DEFAULTS, { numKvBlocks: "number" });
  const rows = requireRecords("points", points, ({ series, x, blocks, preempted }, i) => ({
    series: requireString(`points[${i}].series`, series),
    x: requireNumber(`points[${i}].x`, x, o.logX),
    blocks: requireInteger(`points[${i}].blocks`, blocks, 0),
    preempted: requireInteger(`points[${i}].preempted`, preempted, 0),
  }));
  const names = [...new Set(rows.map((p) => p.series))];
  rows.sort((a, b) => names.indexOf(a.series) - names.indexOf(b.series) || a.x - b.x);
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const pool = o.numKvBlocks === undefined ? [] : ruleMarks(
    "y",
    requireInteger("numKvBlocks", o.numKvBlocks, 1),
    `pool: ${o.numKvBlocks} blocks`,
  );
  const preemptions = rows.filter((p) => p.preempted > 0);
  const tip = (p: KvUsagePoint) => `${p.series}\n${o.xLabel} ${p.x}\n${p.preempted} preempted`;
  const top = Math.max(1, o.numKvBlocks ?? 0, ...rows.map((p) => p.blocks));
  // The legend: one line per series, top right, above the pool's rule.
  const legend = names.map((name, i) =>
    Plot.text([name], {
      ...{ frameAnchor: "top-right", textAnchor: "end", dx: -8, dy: 4 + 15 * i },
      ...{ text: (d: string) => `${d} ──`, fill: color.range[i], className: "series" },
    })
  );
  const svg = xySvg({ ...o, logY: false }, [
    ...pool,
    Plot.line(rows, { x: "x", y: "blocks", z: "series", stroke: "series", curve: "step-after" }),
    ...legend,
    Plot.dot(preemptions, {
      ...{ x: "x", y: "blocks", symbol: "times", stroke: COLOR.rule, strokeWidth: 2 },
      ...{ r: (p: KvUsagePoint) => 3 + 1.5 * Math.min(p.preempted, 4), title: tip },
      className: "preempted",
    }),
  ], { color, y: { domain: [0, top * (1.1 + 0.06 * names.length)] } });
  return makeChart({ title: o.title, svg });
}
