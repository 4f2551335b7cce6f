import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  type LatencyTrace,
  latencyTraceChart,
  type LatencyTraceChartOptions,
  traceRows,
} from "../lib/charts/latency_trace_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
  svgGroupElement,
  svgTexts,
  svgTicks,
} from "../testing/chart_assertions.ts";

// One decode stream beside a 256-token prompt: unchunked it waits one 257-token
// step; chunked at 32 it waits eight 33-token steps.
const OFF: LatencyTrace = { label: "threshold 0", costs: [257, 2, ...Array(13).fill(1)] };
const CHUNKED: LatencyTrace = {
  label: "threshold 32",
  costs: [...Array(8).fill(33), 2, ...Array(6).fill(1)],
};
const SHORT: LatencyTrace = { label: "short", costs: [5, 4, 3] };
const TRACES = [OFF, CHUNKED, SHORT];

/** A faceted mark's groups, one per panel: the panel's offset and its markup. */
function panels(svg: string, label: string): { x: number; y: number; markup: string }[] {
  const inner = /<g transform="translate\(([\d.]+),([\d.]+)\)"[^>]*>(.*?)<\/g>/gs;
  const found = svgGroupElement(svg, `aria-label="${label}"`).matchAll(inner);
  return [...found].map((m) => ({ x: Number(m[1]), y: Number(m[2]), markup: m[3] }));
}

const frames = (svg: string) => svg.match(/<rect [^>]*>/g)!;

Deno.test("traceRows() numbers each trace's steps from 1, in the order given", () => {
  const rows = traceRows([SHORT, { label: "b", costs: [0, -1] }], false);
  assertEquals(rows.map((row) => [row.label, row.step, row.cost]), [
    ["short", 1, 5],
    ["short", 2, 4],
    ["short", 3, 3],
    ["b", 1, 0],
    ["b", 2, -1],
  ]);
});

Deno.test("latencyTraceChart() draws one panel per trace, in the order given, across the page", () => {
  const svg = latencyTraceChart(TRACES).svg;
  const dots = panels(svg, "dot");
  assertEquals(dots.map((panel) => countMatches(panel.markup, /<circle /g)), [15, 15, 3]);
  assertEquals(dots.map((panel) => panel.y), [0, 0, 0]);
  const [a, b, c] = dots.map((panel) => panel.x);
  assert(b - a > 200 && c - b === b - a, `Expected evenly spaced panels but found ${[a, b, c]}`);
  frames(svg).forEach((frame) => assertMatch(frame, /height="240" width="186"/));
  assertEquals([...svg.matchAll(/class="panels"><text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]), [
    "threshold 0",
    "threshold 32",
    "short",
  ]);
  const tips = [...svg.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => m[1]);
  assertEquals([tips[0], tips.at(-1)], ["threshold 0\nstep 1\ncost 257", "short\nstep 3\ncost 3"]);
  assertEquals(frames(svg).length, 3);
  assertMatch(svg, /viewBox="0 0 720 /);
});

Deno.test("latencyTraceChart() joins each trace's steps with one line", () => {
  const lines = panels(latencyTraceChart(TRACES).svg, "line");
  assertEquals(lines.map((panel) => countMatches(panel.markup, /[ML][\d.]+,[\d.]+/g)), [15, 15, 3]);
});

Deno.test("latencyTraceChart() puts every panel on the same scales", () => {
  const dots = panels(latencyTraceChart(TRACES).svg, "dot");
  const at = (panel: number, step: number) =>
    dots[panel].markup.match(/<circle [^>]*cy="([\d.]+)" cx="([\d.]+)"/g)![step - 1]
      .match(/cy="([\d.]+)" cx="([\d.]+)"/)!.slice(1).map(Number);
  // Step 10 costs 1 in both long traces; the short one's step 3 sits at x = 3 too.
  assertEquals(at(0, 10), at(1, 10));
  assertEquals(at(0, 3)[1], at(2, 3)[1]);
  assert(at(0, 1)[0] < at(1, 1)[0], "Expected 257 to sit above 33");
});

Deno.test("latencyTraceChart() uses a log y scale unless logY is false", () => {
  const ticks = (svg: string) => new Map(svgTicks(svg, "y"));
  const log = ticks(latencyTraceChart(TRACES).svg);
  assertAlmostEquals(log.get("1")! - log.get("10")!, log.get("10")! - log.get("100")!, 1e-6);
  const linear = ticks(latencyTraceChart(TRACES, { logY: false }).svg);
  assertAlmostEquals(
    linear.get("0")! - linear.get("100")!,
    linear.get("100")! - linear.get("200")!,
    1e-6,
  );
  // A linear axis starts at zero, so a step's height is its cost.
  assert(linear.has("0") && !linear.has("1"));
});

Deno.test("latencyTraceChart() numbers the steps with whole numbers only", () => {
  const labels = (traces: LatencyTrace[]) =>
    svgTexts(svgGroupElement(latencyTraceChart(traces).svg, 'aria-label="x-axis tick label"'));
  assertEquals(labels([SHORT]).filter((label) => label !== ""), ["1", "2", "3"]);
  assert(labels(TRACES).every((label) => /^\d*$/.test(label)), "Expected whole steps");
});

Deno.test("latencyTraceChart() wraps panels into rows of three", () => {
  const four = [...TRACES, { label: "d", costs: [1] }];
  // Plot writes facets column by column; read them row by row.
  const dots = panels(latencyTraceChart(four).svg, "dot").sort((a, b) => a.y - b.y || a.x - b.x);
  assertEquals(dots.map((panel) => countMatches(panel.markup, /<circle /g)), [15, 15, 3, 1]);
  assertEquals(dots.map((panel) => panel.y > 0), [false, false, false, true]);
  assertEquals(dots[3].x, dots[0].x);
});

Deno.test("latencyTraceChart() titles the chart, axes and panels", () => {
  const chart = latencyTraceChart(TRACES, {
    subtitle: "Chunked prefill",
    xLabel: "step",
    yLabel: "tokens",
  });
  assertEquals(assertDisplayBundle(chart, "Decode latency, step by step"), undefined);
  assertEquals(countMatches(chart.svg, />Decode latency, step by step<\/text>/g), 1);
  assertEquals(countMatches(chart.svg, />Chunked prefill<\/text>/g), 1);
  assertEquals(svgTexts(svgGroupElement(chart.svg, 'aria-label="x-axis label"')), ["step →"]);
  assertEquals(svgTexts(svgGroupElement(chart.svg, 'aria-label="y-axis label"')), ["tokens →"]);
  const plain = latencyTraceChart(TRACES).svg;
  assertEquals(svgTexts(svgGroupElement(plain, 'aria-label="y-axis label"')), [
    "step cost (tokens) →",
  ]);
  assertEquals(svgTexts(svgGroupElement(plain, 'aria-label="x-axis label"')), ["victim's step →"]);
});

Deno.test("latencyTraceChart() refuses bad input, naming the index and the field", () => {
  const bad = (traces: unknown, options?: unknown) => () =>
    latencyTraceChart(traces as LatencyTrace[], options as LatencyTraceChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad("x"), TypeError, 'Expected traces to be a non-empty array but found "x"'],
    [bad([]), RangeError, "Expected traces to be a non-empty array but found an empty array"],
    [bad([OFF, 3]), TypeError, "Expected traces[1] to be an object but found 3"],
    [bad([{ ...OFF, label: 0 }]), TypeError, "Expected traces[0].label to be a string but found 0"],
    [
      bad([OFF, CHUNKED, { ...SHORT, label: "threshold 0" }]),
      RangeError,
      'Expected traces[2].label to be unique but found "threshold 0", the label of traces[0]',
    ],
    [
      bad([{ label: "a" }]),
      TypeError,
      "Expected traces[0].costs to be a non-empty array but found undefined",
    ],
    [
      bad([OFF, { label: "b", costs: [] }]),
      RangeError,
      "Expected traces[1].costs to be a non-empty array but found an empty array",
    ],
    [
      bad([OFF, { label: "b", costs: [33, 2, 1, 0] }]),
      RangeError,
      "Expected traces[1].costs[3] to be a finite number > 0 but found 0",
    ],
    [
      bad([{ label: "a", costs: [1, NaN] }], { logY: false }),
      RangeError,
      "Expected traces[0].costs[1] to be a finite number but found NaN",
    ],
    [
      bad([{ label: "a", costs: ["1"] }]),
      TypeError,
      'Expected traces[0].costs[0] to be a finite number > 0 but found "1"',
    ],
    [
      bad(TRACES, { width: -3 }),
      RangeError,
      "Expected width to be a finite number > 0 but found -3",
    ],
    [
      bad(TRACES, { height: "tall" }),
      TypeError,
      'Expected height to be a finite number > 0 but found "tall"',
    ],
    [bad(TRACES, { logY: "yes" }), TypeError, 'Expected logY to be a boolean but found "yes"'],
    [bad(TRACES, { title: 3 }), TypeError, "Expected title to be a string but found 3"],
    [bad(TRACES, { subtitle: 3 }), TypeError, "Expected subtitle to be a string but found 3"],
    [
      bad(TRACES, { panelWidth: 300 }),
      TypeError,
      "Expected options to have only the keys title, width, height, logY, xLabel, yLabel, " +
      'subtitle but found "panelWidth"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
});
