/**
 * Measured step times against a fitted model, one colour per profile, on
 * log-log axes: dots for the measured points, a line for the model, and each
 * profile named at the right end of its line.
 *
 * Does not draw error bars or a legend (the names sit on the lines).
 *
 * @module
 */
import * as Plot from "@observablehq/plot";
import { type Chart, makeChart, plotSvg } from "./chart.ts";
import { describeValue, requireKnownKeys, requireRecords } from "../validate.ts";

/** One point: a measurement, or the model's value at that many tokens. */
export interface StepTimePoint {
  /** The profile, e.g. `"llama2-7b-a100"`. */
  series: string;
  /** Tokens in the step (> 0). */
  tokens: number;
  /** The step's time in ms (> 0). */
  ms: number;
  /** A measurement (a dot) rather than the model (a line). */
  isMeasured: boolean;
}

/** Options for {@linkcode stepTimeChart}. */
export interface StepTimeChartOptions {
  /** The heading above the chart. @default {"Step time: measured and fitted"} */
  title?: string;
  /** The y axis title. @default {"ms per step"} */
  yLabel?: string;
}

const PALETTE = ["#4e79a7", "#f28e2c", "#59a14f", "#af7aa1", "#76b7b2", "#9c755f"];
const SIZE = { width: 680, height: 400, marginLeft: 56, marginRight: 130, marginBottom: 42 };
const X_LABEL = "tokens in the step";

/**
 * Draws measured points and model lines per series on log-log axes.
 *
 * @example
 * ```ts
 * import { stepTimeChart } from "stallfree/lib/charts/step_time_chart.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const chart = stepTimeChart([
 *   { series: "a", tokens: 1, ms: 9, isMeasured: true },
 *   { series: "a", tokens: 1, ms: 9.4, isMeasured: false },
 *   { series: "a", tokens: 4096, ms: 260, isMeasured: false },
 * ]);
 * assertEquals(chart.svg.match(/<circle /g)?.length, 1);
 * assertMatch(chart.svg, />a<\/text>/);
 * ```
 */
export function stepTimeChart(
  points: readonly StepTimePoint[],
  options: StepTimeChartOptions = {},
): Chart {
  requireKnownKeys("options", options, ["title", "yLabel"]);
  const { title = "Step time: measured and fitted", yLabel = "ms per step" } = options;
  for (const [key, value] of Object.entries({ title, yLabel })) {
    if (typeof value !== "string") {
      throw new TypeError(`Expected ${key} to be a string but found ${describeValue(value)}`);
    }
  }
  const rows = requireRecords("points", points, (p, i) => {
    for (const key of ["tokens", "ms"] as const) {
      if (typeof p[key] !== "number" || !(p[key] > 0) || !Number.isFinite(p[key])) {
        throw new RangeError(
          `Expected points[${i}].${key} to be a finite number > 0 but found ${
            describeValue(p[key])
          }`,
        );
      }
    }
    return { series: String(p.series), tokens: p.tokens, ms: p.ms, isMeasured: !!p.isMeasured };
  });
  const names = [...new Set(rows.map((p) => p.series))];
  const color = { domain: names, range: names.map((_, i) => PALETTE[i % PALETTE.length]) };
  const model = rows.filter((p) => !p.isMeasured).sort((a, b) => a.tokens - b.tokens);
  const ends = names.flatMap((name) => model.filter((p) => p.series === name).slice(-1));
  const svg = plotSvg({
    title,
    ...SIZE,
    grid: true,
    color,
    x: { type: "log", label: X_LABEL, labelAnchor: "center" },
    y: { type: "log", label: yLabel, labelAnchor: "center" },
    marks: [
      Plot.line(model, { x: "tokens", y: "ms", stroke: "series", strokeWidth: 1.5 }),
      Plot.dot(rows.filter((p) => p.isMeasured), { x: "tokens", y: "ms", fill: "series", r: 2.5 }),
      Plot.text(ends, {
        x: "tokens",
        y: "ms",
        text: "series",
        fill: "series",
        textAnchor: "start",
        dx: 6,
      }),
    ],
  });
  const encode = (mark: Record<string, unknown>, measured: boolean) => ({
    transform: [{ filter: { field: "isMeasured", equal: measured } }],
    mark,
    encoding: {
      x: { field: "tokens", type: "quantitative", scale: { type: "log" }, title: X_LABEL },
      y: { field: "ms", type: "quantitative", scale: { type: "log" }, title: yLabel },
      color: { field: "series", type: "nominal", scale: color, legend: { title: null } },
      ...(measured ? {} : { order: { field: "tokens" } }),
    },
  });
  return makeChart({
    title,
    svg,
    vegaLite: {
      title,
      width: SIZE.width - SIZE.marginLeft - SIZE.marginRight,
      height: SIZE.height - 62,
      data: { values: rows },
      layer: [encode({ type: "line" }, false), encode({ type: "point", filled: true }, true)],
    },
  });
}
