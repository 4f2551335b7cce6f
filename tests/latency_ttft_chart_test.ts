import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  latencyTtftChart,
  type LatencyTtftChartOptions,
  type LatencyTtftPoint,
} from "../lib/charts/latency_ttft_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
  svgGroup,
  svgTexts,
  svgTicks,
} from "../testing/chart_assertions.ts";

const point = (label: string, ttftSteps: number, latency: number): LatencyTtftPoint => ({
  label,
  ttftSteps,
  latency,
});

// A 512-token prompt beside one decode stream: each halving of the chunk
// threshold roughly halves the worst step and doubles the prompt's TTFT.
const SWEEP = [
  point("off", 9, 512),
  point("512", 9, 512),
  point("256", 17, 257),
  point("128", 33, 129),
  point("64", 66, 65),
  point("32", 133, 33),
];
const DISTINCT = SWEEP.slice(1);

Deno.test("latencyTtftChart() draws one dot and one label per point", () => {
  const svg = latencyTtftChart(DISTINCT).svg;
  const dots = svgGroup(svg, 'aria-label="dot"');
  assertEquals(countMatches(dots, /<circle /g), 5);
  assertEquals([...dots.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => m[1]).slice(0, 2), [
    "512\nTTFT 9 steps\nlatency 512",
    "256\nTTFT 17 steps\nlatency 257",
  ]);
  assertEquals(svgTexts(svgGroup(svg, 'class="labels"')), ["512", "256", "128", "64", "32"]);
  assertMatch(svgGroup(svg, 'aria-label="line"'), /^<path d="M[\d.,]+(L[\d.,]+){4}"/);
  assertMatch(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="720"/);
  assert(svg.endsWith("</svg>") && !svg.includes("<figure"));
});

Deno.test("latencyTtftChart() joins the points in the order given, not sorted by TTFT", () => {
  const points = [point("a", 1, 10), point("b", 3, 30), point("c", 2, 20)];
  const svg = latencyTtftChart(points).svg;
  const path = svgGroup(svg, 'aria-label="line"').match(/d="M(.*?)"/)![1].split("L");
  const dots = [...svgGroup(svg, 'aria-label="dot"').matchAll(/cy="([\d.]+)" cx="([\d.]+)"/g)];
  assertEquals(path.length, 3);
  path.map((xy) => xy.split(",").map(Number)).forEach(([x, y], i) => {
    assertAlmostEquals(x, Number(dots[i][2]), 1e-3);
    assertAlmostEquals(y, Number(dots[i][1]), 1e-3);
  });
  assert(Number(dots[1][2]) > Number(dots[2][2]), "Expected b to lie right of c");
});

Deno.test("latencyTtftChart() shares one label among points at the same spot", () => {
  const chart = latencyTtftChart(SWEEP);
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="dot"'), /<circle /g), 6);
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="labels"')), [
    "off, 512",
    "256",
    "128",
    "64",
    "32",
  ]);
});

Deno.test("latencyTtftChart() sets each label beside its dot", () => {
  const svg = latencyTtftChart(DISTINCT).svg;
  assertMatch(svg, /<g transform="translate\(7,-10\)"[^>]*class="labels"/);
  assertMatch(svg, /<g [^>]*stroke="white"[^>]*fill="black"[^>]*class="labels"/);
});

Deno.test("latencyTtftChart() titles the chart and axes", () => {
  const chart = latencyTtftChart(DISTINCT);
  assertEquals(chart.title, "Latency versus TTFT");
  assertMatch(svgGroup(chart.svg, 'class="title"'), />Latency versus TTFT<\/text>/);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="x-axis label"')), [
    "TTFT of the long prompt (steps) →",
  ]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="y-axis label"')), [
    "worst step the decode waits for (tokens) →",
  ]);
  assertMatch(chart.svg, /<g [^>]*aria-label="y-grid"/);
  const custom = latencyTtftChart(DISTINCT, { xLabel: "TTFT", yLabel: "p99 (tokens)" }).svg;
  assertEquals(svgTexts(svgGroup(custom, 'aria-label="y-axis label"')), ["p99 (tokens) →"]);
});

Deno.test("latencyTtftChart() uses a log scale on each axis asked for", () => {
  const spacing = (svg: string, axis: "x" | "y", a: string, b: string) => {
    const at = new Map(svgTicks(svg, axis));
    assert(at.has(a) && at.has(b), `Expected ticks ${a} and ${b} on ${axis}`);
    return Math.abs(at.get(b)! - at.get(a)!);
  };
  const log = latencyTtftChart(DISTINCT, { logX: true, logY: true }).svg;
  assertAlmostEquals(spacing(log, "y", "100", "200"), spacing(log, "y", "200", "400"), 1e-6);
  assertAlmostEquals(spacing(log, "x", "10", "20"), spacing(log, "x", "20", "40"), 1e-6);
  const linear = latencyTtftChart(DISTINCT).svg;
  assertAlmostEquals(spacing(linear, "y", "100", "200"), spacing(linear, "y", "200", "300"), 1e-6);
});

Deno.test("latencyTtftChart() draws a dashed SLO rule only when slo is given", () => {
  const chart = latencyTtftChart(DISTINCT, { slo: 100, logY: true });
  const rule = svgGroup(chart.svg, 'aria-label="rule"');
  const y = new Map(svgTicks(chart.svg, "y")).get("100")!;
  assertMatch(rule, new RegExp(`^<line y2="${y}" y1="${y}"`));
  assertMatch(chart.svg, /<g [^>]*stroke-dasharray="5,4"[^>]*aria-label="rule"/);
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="y-rule"')), ["SLO"]);

  const without = latencyTtftChart(DISTINCT, { slo: undefined });
  assert(!without.svg.includes('aria-label="rule"') && !without.svg.includes(">SLO<"));
});

Deno.test("latencyTtftChart() displays as one static SVG as wide as asked", () => {
  const chart = latencyTtftChart(DISTINCT, { title: "Chunk threshold sweep", width: 800 });
  assertEquals(assertDisplayBundle(chart, "Chunk threshold sweep"), undefined);
  assertMatch(chart.svg, /^<svg [^>]*viewBox="0 0 800 \d+"/);
});

Deno.test("latencyTtftChart() refuses bad input, naming the field and the value", () => {
  const bad = (points: unknown, options?: unknown) => () =>
    latencyTtftChart(points as LatencyTtftPoint[], options as LatencyTtftChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad("x"), TypeError, 'Expected points to be a non-empty array but found "x"'],
    [bad([]), RangeError, "Expected points to be a non-empty array but found an empty array"],
    [bad([...DISTINCT, 3]), TypeError, "Expected points[5] to be an object but found 3"],
    [
      bad([{ ...DISTINCT[0], label: 32 }]),
      TypeError,
      "Expected points[0].label to be a string but found 32",
    ],
    [
      bad([DISTINCT[0], point("b", NaN, 1)]),
      RangeError,
      "Expected points[1].ttftSteps to be a finite number but found NaN",
    ],
    [
      bad([DISTINCT[0], { label: "b", ttftSteps: "9", latency: 1 }]),
      TypeError,
      'Expected points[1].ttftSteps to be a finite number but found "9"',
    ],
    [
      bad([...DISTINCT.slice(0, 2), point("c", 3, 0)], { logY: true }),
      RangeError,
      "Expected points[2].latency to be a finite number > 0 but found 0",
    ],
    [
      bad([point("a", 0, 1)], { logX: true }),
      RangeError,
      "Expected points[0].ttftSteps to be a finite number > 0 but found 0",
    ],
    [
      bad(DISTINCT, { width: -3 }),
      RangeError,
      "Expected width to be a finite number > 0 but found -3",
    ],
    [
      bad(DISTINCT, { width: "wide" }),
      TypeError,
      'Expected width to be a finite number > 0 but found "wide"',
    ],
    [
      bad(DISTINCT, { height: Infinity }),
      RangeError,
      "Expected height to be a finite number > 0 but found Infinity",
    ],
    [
      bad(DISTINCT, { slo: "low" }),
      TypeError,
      'Expected slo to be a finite number but found "low"',
    ],
    [
      bad(DISTINCT, { slo: 0, logY: true }),
      RangeError,
      "Expected slo to be a finite number > 0 but found 0",
    ],
    [bad(DISTINCT, { logX: "yes" }), TypeError, 'Expected logX to be a boolean but found "yes"'],
    [bad(DISTINCT, { title: 3 }), TypeError, "Expected title to be a string but found 3"],
    [bad(DISTINCT, { yLabel: null }), TypeError, "Expected yLabel to be a string but found null"],
    [
      bad(DISTINCT, { logx: true }),
      TypeError,
      'Expected options to have only the keys title, width, height, logX, logY, xLabel, yLabel, slo but found "logx"',
    ],
    [bad(DISTINCT, null), TypeError, "Expected options to be an object but found null"],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // Zero and negative values are fine on a linear axis.
  assertEquals(countMatches(latencyTtftChart([point("a", 0, -1)], { slo: 0 }).svg, /<circle /g), 1);
});
