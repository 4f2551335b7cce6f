import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import {
  profileSliderChart,
  type ProfileSliderChartOptions,
} from "../lib/charts/profile_slider_chart.ts";
import type { LatencyTrace } from "../lib/charts/latency_trace_chart.ts";
import { vegaSvgs } from "../lib/charts/vega.ts";
import { assertDisplayBundle, svgTexts } from "../testing/chart_assertions.ts";

// The victim's costs as the chunk threshold falls, unevenly: off, 128, 32.
const TRACES: LatencyTrace[] = [
  { label: "threshold 0", costs: [257, 2, 1, 1] },
  { label: "threshold 128", costs: [129, 129, 2, 1, 1] },
  { label: "threshold 32", costs: [33, 33, 33, 33, 33, 33, 33, 33, 2, 1] },
];

type Layer = {
  mark: Record<string, unknown>;
  transform?: { filter: string }[];
  encoding: Record<string, { field: string; scale?: Record<string, unknown> }>;
};
type Spec = {
  params: { name: string; value: number; bind: Record<string, unknown> }[];
  data: { values: { label: string; step: number; cost: number; position: number }[] };
  layer: Layer[];
  width: number;
  height: number;
};
const spec = (options: ProfileSliderChartOptions = {}, traces = TRACES) =>
  profileSliderChart(traces, options).vegaLite as unknown as Spec;

Deno.test("profileSliderChart() binds a slider to the traces' positions, in the order given", () => {
  const [param] = spec().params;
  assertEquals(param, {
    name: "position",
    value: 1,
    bind: { input: "range", min: 1, max: 3, step: 1, name: "threshold (1 to 3) " },
  });
  assertEquals(spec({ sliderLabel: "budget" }).params[0].bind.name, "budget (1 to 3) ");
});

Deno.test("profileSliderChart() inlines one row per trace and step, with its position", () => {
  const { values } = spec().data;
  assertEquals(values.length, 4 + 5 + 10);
  assertEquals(values[4], { label: "threshold 128", step: 1, cost: 129, position: 2 });
  assertEquals(values.at(-1), { label: "threshold 32", step: 10, cost: 1, position: 3 });
});

Deno.test("profileSliderChart() draws every trace in grey and the picked one in colour", () => {
  const [all, picked, dots, caption] = spec().layer;
  assertEquals([all.mark.type, all.mark.color, all.transform], ["line", "#d0d0d0", undefined]);
  assertEquals(all.encoding.detail, { field: "label" });
  const shown = { filter: "datum.position == position" };
  assertEquals([picked.mark.type, picked.mark.color, picked.transform], ["line", "#1f5fa8", [
    shown,
  ]]);
  assertEquals([dots.mark.type, dots.transform], ["point", [shown]]);
  assertEquals(caption.transform, [shown, { filter: "datum.step == 1" }]);
  assertEquals(caption.encoding.text, { field: "label" });
});

Deno.test("profileSliderChart() holds the axes still across the traces", () => {
  const [{ encoding }] = spec().layer;
  assertEquals(encoding.x.scale?.domain, [1, 10]);
  assertEquals(encoding.y.scale, { nice: false, padding: 6, domain: [1, 257], type: "log" });
  assertEquals(spec({ logY: false }).layer[0].encoding.y.scale?.type, "linear");
  for (const layer of spec().layer.slice(0, 3)) assertEquals(layer.encoding.y, encoding.y);
});

Deno.test("profileSliderChart() falls back to Vega's drawing of each slider position", () => {
  const chart = profileSliderChart(TRACES);
  const panels = chart.svg.match(/<svg [^>]*class="marks".*?<\/svg>/gs)!;
  assertEquals(panels.length, 3);
  // Each panel names its own trace in the corner, as the live view does at that position.
  const captions = panels.map((panel) => svgTexts(panel).at(-1));
  assertEquals(captions, ["threshold 0", "threshold 128", "threshold 32"]);
  assertMatch(chart.svg, /^<div [^>]*>.*The victim's latency as the threshold changes<\/div>/);
  assertMatch(chart.svg, /One panel per threshold; the interactive version has a slider/);
  // Whole steps only on x.
  assert(panels.every((panel) => !/>\d+\.\d+</.test(panel)), "Expected no fractional steps");
});

Deno.test("vegaSvgs() draws what Vega's own toSVG draws", async () => {
  const live = { ...(profileSliderChart(TRACES).vegaLite as Record<string, unknown>) };
  const view = new vega.View(vega.parse(compile(live as unknown as TopLevelSpec).spec), {
    renderer: "none",
  });
  assertEquals(vegaSvgs(live)[0], await view.toSVG());
  view.signal("position", 3);
  assertEquals(vegaSvgs(live, [{ position: 3 }])[0], await view.toSVG());
});

Deno.test("profileSliderChart() displays as Vega-Lite v5 with the SVG panels as text/html", () => {
  const chart = profileSliderChart(TRACES, { title: "Victim", width: 500, height: 200 });
  const live = assertDisplayBundle(chart, "Victim")!;
  assertEquals(live.title, { text: "Victim", fontSize: 16, anchor: "start" });
  assertEquals([live.width, live.height], [500, 200]);
});

Deno.test("profileSliderChart() refuses bad input, naming the index and the field", () => {
  const bad = (traces: unknown, options?: unknown) => () =>
    profileSliderChart(traces as LatencyTrace[], options as ProfileSliderChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad([]), RangeError, "Expected traces to be a non-empty array but found an empty array"],
    [
      bad([TRACES[0], { ...TRACES[1], label: "threshold 0" }]),
      RangeError,
      'Expected traces[1].label to be unique but found "threshold 0", the label of traces[0]',
    ],
    [
      bad([{ threshold: 0, costs: [1] }]),
      TypeError,
      "Expected traces[0].label to be a string but found undefined",
    ],
    [
      bad([{ label: "a", costs: [1, 0] }]),
      RangeError,
      "Expected traces[0].costs[1] to be a finite number > 0 but found 0",
    ],
    [bad(TRACES, { width: 0 }), RangeError, "Expected width to be a finite number > 0 but found 0"],
    [bad(TRACES, { sliderLabel: 3 }), TypeError, "Expected sliderLabel to be a string but found 3"],
    [
      bad(TRACES, { panelWidth: 300 }),
      TypeError,
      "Expected options to have only the keys title, sliderLabel, width, height, logY " +
      'but found "panelWidth"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
});
