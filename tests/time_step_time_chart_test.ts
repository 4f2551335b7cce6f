// stepTimeChart: dots for measurements, lines for the model, log-log, one colour per profile.
import { stepTimeChart, type StepTimePoint } from "stallfree/lib/charts/step_time_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
  svgGroup,
  svgTexts,
  svgTicks,
} from "stallfree/testing/chart_assertions.ts";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";

const POINTS: StepTimePoint[] = [
  { series: "7b", tokens: 1, ms: 9, isMeasured: true },
  { series: "7b", tokens: 1024, ms: 68, isMeasured: true },
  { series: "7b", tokens: 1, ms: 9.5, isMeasured: false },
  { series: "7b", tokens: 4096, ms: 260, isMeasured: false },
  { series: "70b", tokens: 10, ms: 25, isMeasured: true },
  { series: "70b", tokens: 4096, ms: 640, isMeasured: false },
  { series: "70b", tokens: 1, ms: 25, isMeasured: false },
];

Deno.test("stepTimeChart() draws a dot per measurement and a line per model, named at its end", () => {
  const chart = stepTimeChart(POINTS);
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="dot"'), /<circle /g), 3);
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="line"'), /<path /g), 2);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="text"')), ["7b", "70b"]);
});

Deno.test("stepTimeChart() puts both axes on a log scale", () => {
  const ticks = new Map(svgTicks(stepTimeChart(POINTS).svg, "y"));
  assert(ticks.has("10") && ticks.has("100"), `Expected ticks at 10 and 100: ${[...ticks.keys()]}`);
  const spacing = (a: string, b: string) => ticks.get(a)! - ticks.get(b)!;
  assert(ticks.has("20") && ticks.has("200"));
  assertAlmostEquals(spacing("10", "20"), spacing("100", "200"), 1e-6);
});

Deno.test("stepTimeChart() displays as a static SVG with its title and y label", () => {
  const chart = stepTimeChart(POINTS, { title: "Fit", yLabel: "ms" });
  assertEquals(assertDisplayBundle(chart, "Fit"), undefined);
  assert(svgTexts(chart.svg).some((text) => text === "ms →"), "the y axis is titled as asked");
});

Deno.test("stepTimeChart() refuses points a log axis cannot place, and unknown options", () => {
  assertThrows(
    () => stepTimeChart([{ ...POINTS[0], ms: 0 }]),
    RangeError,
    "Expected points[0].ms to be a finite number > 0 but found 0",
  );
  assertThrows(() => stepTimeChart([]), RangeError, "Expected points to be a non-empty array");
  assertThrows(
    () => stepTimeChart(POINTS, { logX: true } as never),
    TypeError,
    'Expected options to have only the keys title, yLabel, width, height but found "logX"',
  );
  assertThrows(
    () => stepTimeChart(POINTS, { title: 3 } as never),
    TypeError,
    "Expected title to be a string but found 3",
  );
});

Deno.test("stepTimeChart() moves the names of lines ending close together apart", () => {
  const close: StepTimePoint[] = [
    { series: "llama2-7b-a100", tokens: 1, ms: 9.5, isMeasured: false },
    { series: "llama2-7b-a100", tokens: 4096, ms: 257, isMeasured: false },
    { series: "llama2-70b-h100-tp4", tokens: 1, ms: 15, isMeasured: false },
    { series: "llama2-70b-h100-tp4", tokens: 4096, ms: 250, isMeasured: false },
  ];
  const labels = svgGroup(stepTimeChart(close).svg, 'aria-label="text"');
  const ys = [...labels.matchAll(/translate\([\d.]+,([\d.]+)\)/g)].map((m) => Number(m[1]));
  assertEquals(ys.length, 2);
  assert(
    Math.abs(ys[0] - ys[1]) > 13.9,
    `Expected the names about 14 px apart or more but found ${ys}`,
  );
});
