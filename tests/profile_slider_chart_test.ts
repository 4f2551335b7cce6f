import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  type LatencyProfile,
  profileSliderChart,
  type ProfileSliderChartOptions,
} from "../lib/charts/profile_slider_chart.ts";
import { assertDisplayBundle, countMatches } from "../testing/chart_assertions.ts";

/** A decode stream's costs beside a 256-token prompt chunked at `threshold` (0: unchunked). */
function profile(threshold: number): LatencyProfile {
  const chunk = threshold === 0 ? 256 : threshold;
  const stalls = Array.from({ length: Math.ceil(256 / chunk) }, (_, i) => {
    return Math.min(chunk, 256 - i * chunk) + 1;
  });
  return { threshold, costs: [...stalls, 2, 1, 1] };
}

const THRESHOLDS = [0, 16, 32, 64, 128, 256];
const PROFILES = THRESHOLDS.map(profile);

type Spec = {
  params: { name: string; value: number; bind: Record<string, unknown> }[];
  transform: { filter: string }[];
  data: { values: { threshold: number; step: number; cost: number }[] };
  width: number;
  height: number;
  layer: {
    encoding?: Record<"x" | "y", { field: string; scale: Record<string, unknown> }>;
    layer?: { mark: { type: string } }[];
    mark?: { text: unknown };
  }[];
};

function spec(profiles = PROFILES, options: ProfileSliderChartOptions = {}): Spec {
  return profileSliderChart(profiles, options).vegaLite as unknown as Spec;
}

Deno.test("profileSliderChart() binds a threshold selector to the exact thresholds", () => {
  const { params } = spec();
  assertEquals(params, [{
    name: "threshold",
    value: 0,
    bind: { input: "select", options: THRESHOLDS, name: "threshold " },
  }]);
  // The first profile given, not the smallest, is the one shown first.
  assertEquals(spec([profile(32), profile(0)]).params[0].value, 32);
  assertEquals(spec([profile(32), profile(0)]).params[0].bind.options, [32, 0]);
});

Deno.test("profileSliderChart() uses a range slider when the thresholds step evenly", () => {
  assertEquals(spec([32, 64, 96, 128].map(profile)).params[0].bind, {
    input: "range",
    min: 32,
    max: 128,
    step: 32,
    name: "threshold ",
  });
  assertEquals(spec([0, 64].map(profile)).params[0].bind.input, "select");
  assertEquals(spec([128, 64, 0].map(profile)).params[0].bind.input, "select");
});

Deno.test("profileSliderChart() redraws the trace for the threshold picked", () => {
  const { transform, layer } = spec();
  assertEquals(transform, [{ filter: "datum.threshold == threshold" }]);
  assertEquals(layer[0].layer?.map((trace) => trace.mark.type), ["line", "point"]);
  assertEquals(layer[1].mark?.text, { expr: "'threshold ' + threshold" });
});

Deno.test("profileSliderChart() inlines one row per threshold and step", () => {
  const { values } = spec([profile(0), profile(128)]).data;
  assertEquals(values, [
    { threshold: 0, step: 1, cost: 257 },
    { threshold: 0, step: 2, cost: 2 },
    { threshold: 0, step: 3, cost: 1 },
    { threshold: 0, step: 4, cost: 1 },
    { threshold: 128, step: 1, cost: 129 },
    { threshold: 128, step: 2, cost: 129 },
    { threshold: 128, step: 3, cost: 2 },
    { threshold: 128, step: 4, cost: 1 },
    { threshold: 128, step: 5, cost: 1 },
  ]);
  assertEquals(spec().data.values.length, 1 + 16 + 8 + 4 + 2 + 1 + 6 * 3);
});

Deno.test("profileSliderChart() holds the axes still across thresholds", () => {
  const { x, y } = spec().layer[0].encoding!;
  assertEquals([x.field, y.field], ["step", "cost"]);
  // Threshold 16 runs longest (19 steps); threshold 0 peaks highest (257 tokens).
  assertEquals(x.scale.domain, [1, 19]);
  assertEquals(y.scale.domain, [1, 257]);
  assertEquals([x.scale.nice, y.scale.nice], [false, false]);
  assertEquals(y.scale.type, "log");
  assertEquals(spec(PROFILES, { logY: false }).layer[0].encoding!.y.scale.type, "linear");
  assertEquals(spec(PROFILES, { logY: false }).layer[0].encoding!.y.scale.domain, [0, 257]);
});

Deno.test("profileSliderChart() falls back to one SVG panel per threshold", () => {
  const svg = profileSliderChart(PROFILES).svg;
  const panels = [...svg.matchAll(/class="panels"><text[^>]*>(.*?)<\/text>/g)].map((m) => m[1]);
  // Plot writes the panels column by column; the order on screen is tested with latencyTraceChart.
  assertEquals(panels.length, 6);
  assertEquals(new Set(panels), new Set(THRESHOLDS.map((threshold) => `threshold ${threshold}`)));
  assertEquals(countMatches(svg, /<rect [^>]*>/g), 6);
  assertEquals(countMatches(svg, /<circle /g), spec().data.values.length);
  assertEquals(countMatches(svg, />The victim's latency as the threshold changes<\/text>/g), 1);
  assertMatch(svg, /<g [^>]*class="subtitle"[^>]*><text[^>]*>[^<]*threshold selector<\/text>/);
  // Both renderings share the log scale: 1, 10 and 100 are evenly spaced on the SVG's y axis.
  const at = (label: string) =>
    Number(svg.match(new RegExp(`translate\\(\\d+,([\\d.]+)\\)" y="0.32em">${label}<`))![1]);
  assert(Math.abs((at("1") - at("10")) - (at("10") - at("100"))) < 1e-6);
});

Deno.test("profileSliderChart() displays as Vega-Lite v5 with the title and size given", () => {
  const chart = profileSliderChart(PROFILES, { title: "Chunk size", panelWidth: 400, height: 200 });
  const vl = assertDisplayBundle(chart, "Chunk size") as Spec & Record<string, unknown>;
  assertEquals([vl.title, vl.width, vl.height], ["Chunk size", 400, 200]);
  assertMatch(chart.svg, /height="200" width="400"/);
  assertEquals(profileSliderChart(PROFILES).title, "The victim's latency as the threshold changes");
});

Deno.test("profileSliderChart() refuses bad input, naming the index and the field", () => {
  const bad = (profiles: unknown, options?: unknown) => () =>
    profileSliderChart(profiles as LatencyProfile[], options as ProfileSliderChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad(null), TypeError, "Expected profiles to be a non-empty array but found null"],
    [bad([]), RangeError, "Expected profiles to be a non-empty array but found an empty array"],
    [bad([profile(0), "p"]), TypeError, 'Expected profiles[1] to be an object but found "p"'],
    [
      bad([profile(0), { threshold: -1, costs: [1] }]),
      RangeError,
      "Expected profiles[1].threshold to be an integer >= 0 but found -1",
    ],
    [
      bad([{ threshold: 1.5, costs: [1] }]),
      RangeError,
      "Expected profiles[0].threshold to be an integer >= 0 but found 1.5",
    ],
    [
      bad([{ threshold: "32", costs: [1] }]),
      TypeError,
      'Expected profiles[0].threshold to be an integer >= 0 but found "32"',
    ],
    [
      bad([profile(32), profile(0), profile(32)]),
      RangeError,
      "Expected profiles[2].threshold to be unique but found 32, the threshold of profiles[0]",
    ],
    [
      bad([profile(0), { threshold: 32, costs: [] }]),
      RangeError,
      "Expected profiles[1].costs to be a non-empty array but found an empty array",
    ],
    [
      bad([profile(0), { threshold: 32, costs: [33, 2, 1, 0] }]),
      RangeError,
      "Expected profiles[1].costs[3] to be a finite number > 0 but found 0",
    ],
    [
      bad([{ threshold: 0, costs: [Infinity] }], { logY: false }),
      RangeError,
      "Expected profiles[0].costs[0] to be a finite number but found Infinity",
    ],
    [
      bad(PROFILES, { panelWidth: 0 }),
      RangeError,
      "Expected panelWidth to be a number > 0 but found 0",
    ],
    [
      bad(PROFILES, { height: "tall" }),
      TypeError,
      'Expected height to be a number > 0 but found "tall"',
    ],
    [bad(PROFILES, { logY: 1 }), TypeError, "Expected logY to be a boolean but found 1"],
    [bad(PROFILES, { title: null }), TypeError, "Expected title to be a string but found null"],
    [
      bad(PROFILES, { xLabel: "step" }),
      TypeError,
      'Expected options to have only the keys title, panelWidth, height, logY but found "xLabel"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // Zero costs are fine on a linear axis.
  assertEquals(spec([{ threshold: 0, costs: [0, 1] }], { logY: false }).data.values.length, 2);
});
