import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { lineChart, type LineChartOptions, type LinePoint } from "../lib/charts/line_chart.ts";
import {
  assertDisplayBundle,
  type SvgGroup,
  svgGroup,
  svgGroups,
  svgTexts,
  svgTicks,
} from "../testing/chart_assertions.ts";

const point = (series: string, x: number, y: number): LinePoint => ({ series, x, y });

// Worst TTFT against offered load for two configs, listed out of x order:
// the small budget queues sooner, the big one later and more steeply.
const SMALL = "budget 512, threshold 64";
const BIG = "budget 2048, threshold 0";
const POINTS = [
  point(SMALL, 0.4, 120),
  point(SMALL, 0.1, 40),
  point(BIG, 0.1, 20),
  point(SMALL, 0.6, 400),
  point(BIG, 0.6, 900),
  point(BIG, 0.4, 60),
];
const SORTED = [1, 0, 3, 2, 5, 4].map((i) => POINTS[i]);

type Layer = {
  mark: { type: string } & Record<string, unknown>;
  data?: { values: unknown[] };
  encoding?: Record<string, Record<string, unknown>>;
  layer?: Layer[];
};

/** Each path's stroke and vertices. */
function paths(svg: string) {
  return [...svgGroup(svg, 'aria-label="line"').matchAll(/<path d="M([^"]*)" stroke="([^"]*)"/g)]
    .map((m) => ({ stroke: m[2], at: m[1].split("L").map((xy) => xy.split(",").map(Number)) }));
}

function layers(options: LineChartOptions = {}, points = POINTS): Layer[] {
  return lineChart(points, options).vegaLite.layer as Layer[];
}

Deno.test("lineChart() draws one line per series through its dots in x order", () => {
  const svg = lineChart(POINTS).svg;
  const lines = paths(svg);
  assertEquals(lines.length, 2);
  const dots = [...svgGroup(svg, 'aria-label="dot"').matchAll(/cy="([\d.]+)" cx="([\d.]+)"/g)];
  assertEquals(dots.length, 6);
  // Dots follow the sorted points, so each path's vertices are its series' dots.
  lines.flatMap((line) => line.at).forEach(([x, y], i) => {
    assertAlmostEquals(x, Number(dots[i][2]), 1e-3);
    assertAlmostEquals(y, Number(dots[i][1]), 1e-3);
  });
  for (const line of lines) {
    assertEquals(line.at.length, 3);
    assert(line.at.every(([x], i) => i === 0 || x > line.at[i - 1][0]), "Expected x order");
  }
  const titles = [...svg.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => m[1]);
  assertEquals(titles.slice(0, 2), [`${SMALL}\nx 0.1\ny 40`, `${SMALL}\nx 0.4\ny 120`]);
  assertMatch(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="640"/);
  assert(svg.endsWith("</svg>") && !svg.includes("<figure"));
});

Deno.test("lineChart() colours each series and names it at the end of its line", () => {
  const svg = lineChart(POINTS).svg;
  assertEquals(paths(svg).map((line) => line.stroke), ["#4e79a7", "#f28e2c"]);
  const labels = svgGroups(svg, 'class="series"');
  const named = labels.map((label) => [
    svgTexts(label.markup)[0],
    label.attributes.match(/fill="([^"]+)"/)![1],
  ]);
  assertEquals(named, [
    [BIG, "#f28e2c"],
    [SMALL, "#4e79a7"],
  ]);
  const [big, small] = paths(svg).reverse().map((line) => line.at.at(-1)!);
  const at = (label: SvgGroup) =>
    label.markup.match(/<text transform="translate\(([\d.]+),([\d.]+)\)"/)!;
  labels.forEach((label, i) => {
    assertAlmostEquals(Number(at(label)[1]), [big, small][i][0], 1e-3);
    assertAlmostEquals(Number(at(label)[2]), [big, small][i][1], 1e-3);
    assertMatch(label.attributes, /^transform="translate\(8,0\)"/);
  });
  assertMatch(labels[0].attributes, /stroke="white" fill="#f28e2c"/);
});

Deno.test("lineChart() keeps end labels a line apart and inside the frame", () => {
  const nudges = (points: LinePoint[]) =>
    svgGroups(lineChart(points).svg, 'class="series"')
      .map((label) => Number(label.attributes.match(/^transform="translate\(8,([-\d.]+)\)"/)![1]));
  // Both lines end on top: the second label moves down a line.
  assertEquals(nudges([point("a", 0, 0), point("a", 1, 9), point("b", 1, 9)]), [0, 13]);
  // Both end at the bottom (12px above the frame's edge): the pair moves up to fit.
  assertEquals(nudges([point("a", 0, 9), point("a", 1, 0), point("b", 1, 0)]), [-1, 12]);
});

Deno.test("lineChart() draws each dashed rule with its label only when asked", () => {
  const options = { yRule: 200, yRuleLabel: "SLO", xRule: 0.3, xRuleLabel: "today" };
  const chart = lineChart(POINTS, options);
  const [y, x] = svgGroups(chart.svg, 'aria-label="rule"');
  for (const rule of [y, x]) {
    assertMatch(rule.attributes, /^stroke-dasharray="5,4" stroke="#c0392b"/);
    assertMatch(rule.markup, /^<line /);
  }
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="y-rule"')), ["SLO"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="x-rule"')), ["today"]);
  const rules = (chart.vegaLite.layer as Layer[]).slice(2);
  assertEquals(rules.map((rule) => rule.data), [
    { values: [{ yRule: 200 }] },
    { values: [{ xRule: 0.3 }] },
  ]);
  assertEquals(rules.map((rule) => rule.layer?.map((layer) => layer.mark.text)), [
    [undefined, "SLO"],
    [undefined, "today"],
  ]);
  assertEquals(rules[0].encoding?.y.field, "yRule");

  // A rule above every point stretches the axis to reach it.
  const high = lineChart(POINTS, { yRule: 2000 }).svg;
  assert(new Map(svgTicks(high, "y")).has("2,000"), "Expected a tick at 2,000");
  assert(!high.includes('class="y-rule"'), "Expected no label without yRuleLabel");
  assertEquals(layers({ yRule: 2000 })[2].layer?.length, 1);
  const none = lineChart(POINTS).svg;
  assert(!none.includes('aria-label="rule"'));
  assertEquals(layers().length, 2);
});

Deno.test("lineChart() uses a log scale on each axis asked for, in both renderings", () => {
  const spacing = (svg: string, axis: "x" | "y", a: string, b: string) => {
    const at = new Map(svgTicks(svg, axis));
    assert(at.has(a) && at.has(b), `Expected ticks ${a} and ${b} on ${axis}`);
    return Math.abs(at.get(b)! - at.get(a)!);
  };
  const log = lineChart(POINTS, { logY: true }).svg;
  assertAlmostEquals(spacing(log, "y", "20", "40"), spacing(log, "y", "100", "200"), 1e-6);
  const linear = lineChart(POINTS).svg;
  assertAlmostEquals(spacing(linear, "y", "100", "200"), spacing(linear, "y", "200", "300"), 1e-6);
  const type = (options: LineChartOptions) =>
    layers(options).map(({ encoding }) =>
      [encoding?.x.scale, encoding?.y.scale].map((scale) => (scale as { type: string }).type)
    );
  assertEquals(type({ logX: true }), Array(2).fill(["log", "linear"]));
  assertEquals(type({ logY: true }), Array(2).fill(["linear", "log"]));
  assertEquals(layers()[0].encoding?.y.scale, {
    type: "linear",
    zero: false,
    nice: false,
    padding: 12,
  });
});

Deno.test("lineChart() displays as Vega-Lite v5 with a legend and the points in x order", () => {
  const options = { title: "Worst TTFT", xLabel: "load", yLabel: "TTFT", width: 800 };
  const chart = lineChart(POINTS, options);
  const spec = assertDisplayBundle(chart, "Worst TTFT");
  assertEquals(spec.data, { values: SORTED });
  assertMatch(svgGroup(chart.svg, 'class="title"'), />Worst TTFT<\/text>/);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="x-axis label"')), ["load →"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="y-axis label"')), ["TTFT →"]);
  assert(typeof spec.width === "number" && spec.width > 500 && spec.width < 800);
  const [line, dots] = spec.layer as Layer[];
  assertEquals([line.mark.type, dots.mark.type], ["line", "point"]);
  assertEquals(line.encoding?.order, { field: "x" });
  assertEquals([line.encoding?.x.title, line.encoding?.y.title], ["load", "TTFT"]);
  assertEquals(line.encoding?.color, {
    field: "series",
    type: "nominal",
    scale: { domain: [SMALL, BIG], range: ["#4e79a7", "#f28e2c"] },
    legend: { title: null, labelLimit: 400 },
  });
  assertEquals(dots.encoding?.tooltip, [
    { field: "series", type: "nominal" },
    { field: "x", type: "quantitative" },
    { field: "y", type: "quantitative" },
  ]);
});

Deno.test("lineChart() refuses bad input, naming the index and the field", () => {
  const bad = (points: unknown, options?: unknown) => () =>
    lineChart(points as LinePoint[], options as LineChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad("x"), TypeError, 'Expected points to be a non-empty array but found "x"'],
    [bad([]), RangeError, "Expected points to be a non-empty array but found an empty array"],
    [bad([...POINTS, 3]), TypeError, "Expected points[6] to be an object but found 3"],
    [
      bad([POINTS[0], { ...POINTS[1], series: 2 }]),
      TypeError,
      "Expected points[1].series to be a string but found 2",
    ],
    [
      bad([point("a", NaN, 1)]),
      RangeError,
      "Expected points[0].x to be a finite number but found NaN",
    ],
    [
      bad([point("a", 1, 1), { series: "a", x: 2, y: "3" }]),
      TypeError,
      'Expected points[1].y to be a finite number but found "3"',
    ],
    [
      bad([point("a", 1, 1), point("a", 2, 0)], { logY: true }),
      RangeError,
      "Expected points[1].y to be a finite number > 0 but found 0",
    ],
    [
      bad([point("a", -1, 1)], { logX: true }),
      RangeError,
      "Expected points[0].x to be a finite number > 0 but found -1",
    ],
    [bad(POINTS, { width: 0 }), RangeError, "Expected width to be a number > 0 but found 0"],
    [
      bad(POINTS, { height: "tall" }),
      TypeError,
      'Expected height to be a number > 0 but found "tall"',
    ],
    [
      bad(POINTS, { yRule: "SLO" }),
      TypeError,
      'Expected yRule to be a finite number but found "SLO"',
    ],
    [
      bad(POINTS, { xRule: 0, logX: true }),
      RangeError,
      "Expected xRule to be a finite number > 0 but found 0",
    ],
    [bad(POINTS, { logY: 1 }), TypeError, "Expected logY to be a boolean but found 1"],
    [bad(POINTS, { yRuleLabel: 5 }), TypeError, "Expected yRuleLabel to be a string but found 5"],
    [bad(POINTS, { title: null }), TypeError, "Expected title to be a string but found null"],
    [
      bad(POINTS, { slo: 100 }),
      TypeError,
      'Expected options to have only the keys title, xLabel, yLabel, width, height, logX, logY, yRule, yRuleLabel, xRule, xRuleLabel but found "slo"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // Zero and negative values are fine on linear axes.
  assertEquals(lineChart([point("a", 0, -1)], { yRule: 0 }).vegaLite.data, {
    values: [point("a", 0, -1)],
  });
});
