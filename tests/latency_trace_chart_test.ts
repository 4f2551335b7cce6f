import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  type LatencyTrace,
  latencyTraceChart,
  type LatencyTraceChartOptions,
  requireCosts,
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
const SERIES = [OFF, CHUNKED, SHORT];

type Encoding = { title: string; scale: { type?: string; domain: number[] }; axis?: unknown };
type Spec = {
  columns: number;
  facet: Record<string, unknown>;
  spec: { width: number; height: number; encoding: Record<"x" | "y", Encoding> } & {
    layer: { mark: { type: string }; encoding?: Record<string, unknown> }[];
  };
};

function spec(series = SERIES, options: LatencyTraceChartOptions = {}): Spec {
  return latencyTraceChart(series, options).vegaLite as unknown as Spec;
}

/** A faceted mark's groups, one per panel: the panel's offset and its markup. */
function panels(svg: string, label: string): { x: number; y: number; markup: string }[] {
  const inner = /<g transform="translate\(([\d.]+),([\d.]+)\)"[^>]*>(.*?)<\/g>/gs;
  const found = svgGroupElement(svg, `aria-label="${label}"`).matchAll(inner);
  return [...found].map((m) => ({ x: Number(m[1]), y: Number(m[2]), markup: m[3] }));
}

Deno.test("latencyTraceChart() draws one panel per series, in the order given", () => {
  const svg = latencyTraceChart(SERIES).svg;
  const dots = panels(svg, "dot");
  assertEquals(dots.map((panel) => countMatches(panel.markup, /<circle /g)), [15, 15, 3]);
  assertEquals(dots.map((panel) => [panel.x, panel.y]), [[0, 0], [320, 0], [640, 0]]);
  assertEquals([...svg.matchAll(/class="panels"><text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]), [
    "threshold 0",
    "threshold 32",
    "short",
  ]);
  const tips = [...svg.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => m[1]);
  assertEquals([tips[0], tips.at(-1)], ["threshold 0\nstep 1\ncost 257", "short\nstep 3\ncost 3"]);
  const frames = svg.match(/<rect [^>]*>/g)!;
  assertEquals(frames.length, 3);
  frames.forEach((frame) => assertMatch(frame, /height="260" width="300"/));
});

Deno.test("latencyTraceChart() joins each series' steps with one line", () => {
  const lines = panels(latencyTraceChart(SERIES).svg, "line");
  assertEquals(lines.map((panel) => countMatches(panel.markup, /[ML][\d.]+,[\d.]+/g)), [15, 15, 3]);
  assertEquals(spec().spec.layer.map((layer) => layer.mark.type), ["line", "point"]);
});

Deno.test("latencyTraceChart() puts every panel on the same scales", () => {
  const dots = panels(latencyTraceChart(SERIES).svg, "dot");
  const at = (panel: number, step: number) =>
    dots[panel].markup.match(/<circle [^>]*cy="([\d.]+)" cx="([\d.]+)"/g)![step - 1]
      .match(/cy="([\d.]+)" cx="([\d.]+)"/)!.slice(1).map(Number);
  // Step 10 costs 1 in both long traces; the short one's step 3 sits at x = 3 too.
  assertEquals(at(0, 10), at(1, 10));
  assertEquals(at(0, 3)[1], at(2, 3)[1]);
  assert(at(0, 1)[0] < at(1, 1)[0], "Expected 257 to sit above 33");
  const { encoding } = spec().spec;
  assertEquals(encoding.x.scale, { nice: false, padding: 6, domain: [1, 15], zero: false });
  assertEquals(encoding.y.scale, { nice: false, padding: 6, domain: [1, 257], type: "log" });
  assertEquals(spec().columns, 3);
  assertEquals((spec() as unknown as { resolve?: unknown }).resolve, undefined);
});

Deno.test("latencyTraceChart() uses a log y scale unless logY is false, in both renderings", () => {
  const ticks = (svg: string) => new Map(svgTicks(svg, "y"));
  const log = ticks(latencyTraceChart(SERIES).svg);
  assertAlmostEquals(log.get("1")! - log.get("10")!, log.get("10")! - log.get("100")!, 1e-6);
  const linear = ticks(latencyTraceChart(SERIES, { logY: false }).svg);
  assertAlmostEquals(
    linear.get("0")! - linear.get("100")!,
    linear.get("100")! - linear.get("200")!,
    1e-6,
  );
  assert(!linear.has("1"));
  assertEquals(spec(SERIES, { logY: false }).spec.encoding.y.scale.type, "linear");
  // A linear axis starts at zero, so a step's height is its cost.
  assertEquals(spec(SERIES, { logY: false }).spec.encoding.y.scale.domain, [0, 257]);
});

Deno.test("latencyTraceChart() numbers the steps with whole numbers only", () => {
  const svg = latencyTraceChart([SHORT]).svg;
  assertEquals(svgTexts(svgGroupElement(svg, 'aria-label="x-axis tick label"')), ["1", "2", "3"]);
  assertEquals(
    svgTexts(svgGroupElement(latencyTraceChart(SERIES).svg, 'aria-label="x-axis tick label"'))
      .slice(0, 3),
    ["5", "10", "15"],
  );
  assertEquals(spec().spec.encoding.x.axis, { values: [5, 10, 15], format: "d" });
});

Deno.test("latencyTraceChart() wraps panels into balanced rows past 1,024 pixels", () => {
  const four = [...SERIES, { label: "d", costs: [1] }];
  const svg = latencyTraceChart(four).svg;
  const dots = panels(svg, "dot").map((panel) => [
    `${panel.x},${panel.y}`,
    countMatches(panel.markup, /<circle /g),
  ]);
  assertEquals(Object.fromEntries(dots), { "0,0": 15, "320,0": 15, "0,296": 3, "320,296": 1 });
  assertMatch(svg, /viewBox="0 0 688 \d+"/);
  assertEquals(spec(four).columns, 2);
  assertEquals(spec(four, { panelWidth: 100 }).columns, 4);
  assertMatch(latencyTraceChart(four, { panelWidth: 100 }).svg, /viewBox="0 0 528 \d+"/);
});

Deno.test("latencyTraceChart() titles the chart, axes and panels the same in both renderings", () => {
  const chart = latencyTraceChart(SERIES, {
    subtitle: "Chunked prefill",
    xLabel: "step",
    yLabel: "tokens",
  });
  assertEquals(chart.title, "Decode latency, step by step");
  assertEquals(countMatches(chart.svg, />Decode latency, step by step<\/text>/g), 1);
  assertEquals(countMatches(chart.svg, />Chunked prefill<\/text>/g), 1);
  assertEquals(svgTexts(svgGroupElement(chart.svg, 'aria-label="x-axis label"')), ["step →"]);
  assertEquals(svgTexts(svgGroupElement(chart.svg, 'aria-label="y-axis label"')), ["tokens →"]);
  const vl = chart.vegaLite as unknown as Spec & { title: unknown };
  assertEquals(vl.title, { text: "Decode latency, step by step", subtitle: "Chunked prefill" });
  assertEquals([vl.spec.encoding.x.title, vl.spec.encoding.y.title], ["step", "tokens"]);
  assertEquals(vl.facet.sort, ["threshold 0", "threshold 32", "short"]);
  assertEquals([vl.facet.field, vl.facet.title], ["series", null]);
  const plain = latencyTraceChart(SERIES);
  assertEquals(plain.vegaLite.title, "Decode latency, step by step");
  assertEquals(svgTexts(svgGroupElement(plain.svg, 'aria-label="y-axis label"')), [
    "step cost (tokens) →",
  ]);
  assertEquals(svgTexts(svgGroupElement(plain.svg, 'aria-label="x-axis label"')), [
    "victim's step →",
  ]);
});

Deno.test("latencyTraceChart() displays as Vega-Lite v5 with one row per step", () => {
  const chart = latencyTraceChart([OFF, SHORT], { panelWidth: 200, height: 150 });
  const title = "Decode latency, step by step";
  const vl = assertDisplayBundle(chart, title) as Spec & Record<string, unknown>;
  const values = (vl.data as { values: unknown[] }).values;
  assertEquals(values.length, 18);
  assertEquals(values.slice(14), [
    { series: "threshold 0", step: 15, cost: 1 },
    { series: "short", step: 1, cost: 5 },
    { series: "short", step: 2, cost: 4 },
    { series: "short", step: 3, cost: 3 },
  ]);
  assertEquals([vl.spec.width, vl.spec.height], [200, 150]);
  assertEquals(vl.spec.layer[1].encoding, {
    tooltip: [
      { field: "series", type: "nominal" },
      { field: "step", type: "quantitative" },
      { field: "cost", type: "quantitative" },
    ],
  });
  assertMatch(chart.svg, /height="150" width="200"/);
});

Deno.test("requireCosts() returns a copy of good costs", () => {
  const costs = [3, 2, 1];
  const copy = requireCosts("costs", costs, true);
  assertEquals(copy, costs);
  assert(copy !== costs);
  assertEquals(requireCosts("costs", [0, -1], false), [0, -1]);
});

Deno.test("latencyTraceChart() refuses bad input, naming the index and the field", () => {
  const bad = (series: unknown, options?: unknown) => () =>
    latencyTraceChart(series as LatencyTrace[], options as LatencyTraceChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad("x"), TypeError, 'Expected series to be a non-empty array but found "x"'],
    [bad([]), RangeError, "Expected series to be a non-empty array but found an empty array"],
    [bad([OFF, 3]), TypeError, "Expected series[1] to be an object but found 3"],
    [bad([{ ...OFF, label: 0 }]), TypeError, "Expected series[0].label to be a string but found 0"],
    [
      bad([OFF, CHUNKED, { ...SHORT, label: "threshold 0" }]),
      RangeError,
      'Expected series[2].label to be unique but found "threshold 0", the label of series[0]',
    ],
    [
      bad([{ label: "a" }]),
      TypeError,
      "Expected series[0].costs to be a non-empty array but found undefined",
    ],
    [
      bad([OFF, { label: "b", costs: [] }]),
      RangeError,
      "Expected series[1].costs to be a non-empty array but found an empty array",
    ],
    [
      bad([OFF, { label: "b", costs: [33, 2, 1, 0] }]),
      RangeError,
      "Expected series[1].costs[3] to be a finite number > 0 but found 0",
    ],
    [
      bad([{ label: "a", costs: [1, NaN] }], { logY: false }),
      RangeError,
      "Expected series[0].costs[1] to be a finite number but found NaN",
    ],
    [
      bad([{ label: "a", costs: ["1"] }]),
      TypeError,
      'Expected series[0].costs[0] to be a finite number > 0 but found "1"',
    ],
    [
      bad(SERIES, { panelWidth: -3 }),
      RangeError,
      "Expected panelWidth to be a number > 0 but found -3",
    ],
    [
      bad(SERIES, { height: "tall" }),
      TypeError,
      'Expected height to be a number > 0 but found "tall"',
    ],
    [bad(SERIES, { logY: "yes" }), TypeError, 'Expected logY to be a boolean but found "yes"'],
    [bad(SERIES, { title: 3 }), TypeError, "Expected title to be a string but found 3"],
    [bad(SERIES, { subtitle: 3 }), TypeError, "Expected subtitle to be a string but found 3"],
    [
      bad(SERIES, { width: 600 }),
      TypeError,
      'Expected options to have only the keys title, xLabel, yLabel, panelWidth, height, logY, subtitle but found "width"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
});
