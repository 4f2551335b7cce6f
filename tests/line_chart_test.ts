import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { lineChart, type LineChartOptions, type LinePoint } from "../lib/charts/line_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
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

/** Each path's stroke and vertices. */
function paths(svg: string) {
  return [...svgGroup(svg, 'aria-label="line"').matchAll(/<path d="M([^"]*)" stroke="([^"]*)"/g)]
    .map((m) => ({ stroke: m[2], at: m[1].split("L").map((xy) => xy.split(",").map(Number)) }));
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
});

Deno.test("lineChart() colours each series and names it at the end of its line", () => {
  const svg = lineChart(POINTS).svg;
  assertEquals(paths(svg).map((line) => line.stroke), ["#4e79a7", "#f28e2c"]);
  const [labels] = svgGroups(svg, 'class="series"');
  assertMatch(labels.attributes, /stroke="white"/);
  const named = [
    ...labels.markup.matchAll(
      /<text fill="([^"]+)" [^>]*translate\(([\d.]+),([\d.]+)\)"[^>]*>([^<]*)</g,
    ),
  ];
  assertEquals(named.map((m) => [m[4], m[1]]), [[SMALL, "#4e79a7"], [BIG, "#f28e2c"]]);
  // Each label sits at its line's last vertex.
  paths(svg).forEach((line, i) => {
    assertAlmostEquals(Number(named[i][2]), line.at.at(-1)![0], 1e-3);
    assertAlmostEquals(Number(named[i][3]), line.at.at(-1)![1], 1e-3);
  });
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
  // A rule above every point stretches the axis to reach it.
  const high = lineChart(POINTS, { yRule: 2000 }).svg;
  assert(new Map(svgTicks(high, "y")).has("2,000"), "Expected a tick at 2,000");
  assert(!high.includes('class="y-rule"'), "Expected no label without yRuleLabel");
  assert(!lineChart(POINTS).svg.includes('aria-label="rule"'));
});

Deno.test("lineChart() uses a log scale on each axis asked for", () => {
  const spacing = (svg: string, axis: "x" | "y", a: string, b: string) => {
    const at = new Map(svgTicks(svg, axis));
    assert(at.has(a) && at.has(b), `Expected ticks ${a} and ${b} on ${axis}`);
    return Math.abs(at.get(b)! - at.get(a)!);
  };
  const log = lineChart(POINTS, { logY: true }).svg;
  assertAlmostEquals(spacing(log, "y", "20", "40"), spacing(log, "y", "100", "200"), 1e-6);
  const linear = lineChart(POINTS).svg;
  assertAlmostEquals(spacing(linear, "y", "100", "200"), spacing(linear, "y", "200", "300"), 1e-6);
  const logX = lineChart(POINTS, { logX: true }).svg;
  assertAlmostEquals(spacing(logX, "x", "100m", "200m"), spacing(logX, "x", "200m", "400m"), 1e-6);
});

Deno.test("lineChart() displays as one static SVG with its title and axis labels", () => {
  const options = { title: "Worst TTFT", xLabel: "load", yLabel: "TTFT", width: 800 };
  const chart = lineChart(POINTS, options);
  assertEquals(assertDisplayBundle(chart, "Worst TTFT"), undefined);
  assertMatch(chart.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="800"/);
  assert(chart.svg.endsWith("</svg>") && !chart.svg.includes("<figure"));
  assertMatch(svgGroup(chart.svg, 'class="title"'), />Worst TTFT<\/text>/);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="x-axis label"')), ["load →"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="y-axis label"')), ["TTFT →"]);
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
    [bad(POINTS, { width: 0 }), RangeError, "Expected width to be a finite number > 0 but found 0"],
    [
      bad(POINTS, { height: "tall" }),
      TypeError,
      'Expected height to be a finite number > 0 but found "tall"',
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
      'Expected options to have only the keys title, xLabel, yLabel, width, height, logX, logY, yRuleLabel, xRuleLabel, yRule, xRule but found "slo"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // Zero and negative values are fine on linear axes.
  assertEquals(countMatches(lineChart([point("a", 0, -1)], { yRule: 0 }).svg, /<circle /g), 1);
});
