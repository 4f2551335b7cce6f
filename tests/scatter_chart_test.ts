import { assert, assertAlmostEquals, assertEquals, assertMatch, assertThrows } from "@std/assert";
import { createRandom } from "../lib/workload/random.ts";
import {
  leastSquares,
  scatterChart,
  type ScatterChartOptions,
  type ScatterPoint,
} from "../lib/charts/scatter_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
  svgGroup,
  svgTexts,
} from "../testing/chart_assertions.ts";

// Four steps: 40 µs of overhead plus half a microsecond per token, give or take 2.
const STEPS: ScatterPoint[] = [
  { x: 16, y: 50 },
  { x: 64, y: 70 },
  { x: 256, y: 166 },
  { x: 512, y: 298 },
];

type Layer = {
  data?: { values: ScatterPoint[] };
  mark: { type: string; size?: number; opacity?: number };
  encoding: Record<string, unknown>;
};

function layers(points = STEPS, options: ScatterChartOptions = {}): Layer[] {
  return scatterChart(points, options).vegaLite.layer as Layer[];
}

Deno.test("leastSquares() recovers an exact line", () => {
  const line = [0, 1, 2, 3].map((x) => ({ x, y: 3 * x - 2 }));
  assertEquals(leastSquares(line), { slope: 3, intercept: -2 });
});

Deno.test("leastSquares() fits noisy steps by hand", () => {
  // Means 212 and 146: dx = -196, -148, 44, 300 and dy = -96, -76, 20, 152.
  // sum dx * dy = 18,816 + 11,248 + 880 + 45,600; sum dx * dx = 38,416 + 21,904 + 1,936 + 90,000.
  const { slope, intercept } = leastSquares(STEPS);
  assertAlmostEquals(slope, 76544 / 152256, 1e-12);
  assertAlmostEquals(intercept, 146 - slope * 212, 1e-9);
});

Deno.test("leastSquares() stays precise far from the origin", () => {
  const points = [0, 1, 2].map((i) => ({ x: 1e9 + i, y: 1e9 + 2 * i }));
  const { slope } = leastSquares(points);
  assertAlmostEquals(slope, 2, 1e-9);
});

Deno.test("scatterChart() draws one dot per point", () => {
  const svg = scatterChart(STEPS).svg;
  const dots = svgGroup(svg, 'aria-label="dot"');
  assertEquals(countMatches(dots, /<circle /g), 4);
  assertMatch(svg, /<g [^>]*fill-opacity="0.8"[^>]*aria-label="dot"/);
  assert(!svg.includes('aria-label="line"'), "Expected no fit line unless asked");
  const [dotsLayer] = layers();
  assertEquals(dotsLayer.mark.type, "point");
  assertEquals(layers().length, 1);
});

Deno.test("scatterChart() shrinks and fades the dots of a few thousand points", () => {
  const random = createRandom(1);
  const points = Array.from({ length: 3000 }, () => {
    const x = random.int(1, 2048);
    return { x, y: 40 + x / 2 + 10 * random.next() };
  });
  const chart = scatterChart(points, { fit: true });
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="dot"'), /<circle r="1.8" /g), 3000);
  assertMatch(chart.svg, /<g [^>]*fill-opacity="0.3"[^>]*aria-label="dot"/);
  const [dots] = chart.vegaLite.layer as Layer[];
  assertEquals(dots.mark.opacity, 0.3);
  assertAlmostEquals(dots.mark.size!, Math.PI * 1.8 ** 2, 1e-9);
  const { slope } = leastSquares(points);
  assertAlmostEquals(slope, 0.5, 0.01);
});

Deno.test("scatterChart() draws and states the least-squares line when fit is set", () => {
  const points = [{ x: 1, y: 1 }, { x: 2, y: 0 }, { x: 3, y: -3 }];
  // Means 2 and -2/3; slope (-5/3 + 0 - 7/3) / 2 = -2; intercept -2/3 + 4 = 10/3.
  const chart = scatterChart(points, { fit: true });
  const path = svgGroup(chart.svg, 'aria-label="line"').match(
    /d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/,
  );
  assert(path, "Expected a two-point line");
  const dots = [
    ...svgGroup(chart.svg, 'aria-label="dot"').matchAll(/cy="([\d.]+)" cx="([\d.]+)"/g),
  ];
  // The line spans the dots' x extent, falling as they do.
  assertAlmostEquals(Number(path[1]), Number(dots[0][2]), 1e-3);
  assertAlmostEquals(Number(path[3]), Number(dots[2][2]), 1e-3);
  assert(Number(path[4]) > Number(path[2]), "Expected the line to fall left to right");
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="subtitle"')), [
    "Least-squares fit: y = -2x + 3.33",
  ]);
  const [, fit] = chart.vegaLite.layer as Layer[];
  assertEquals(fit.mark.type, "line");
  assertEquals(fit.data?.values.map((p) => p.x), [1, 3]);
  fit.data?.values.forEach((p) => assertAlmostEquals(p.y, -2 * p.x + 10 / 3, 1e-12));
  assertEquals(chart.vegaLite.title, {
    text: "Scatter",
    subtitle: "Least-squares fit: y = -2x + 3.33",
  });
  const below = scatterChart([{ x: 0, y: -1 }, { x: 1, y: 0 }], { fit: true }).svg;
  assertEquals(svgTexts(svgGroup(below, 'class="subtitle"')), ["Least-squares fit: y = 1x - 1"]);
});

Deno.test("scatterChart() titles the chart and axes the same in both renderings", () => {
  const options = { title: "Step time", xLabel: "tokens scheduled", yLabel: "wall-clock (µs)" };
  const chart = scatterChart(STEPS, options);
  assertEquals(chart.title, "Step time");
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="title"')), ["Step time"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="x-axis label"')), ["tokens scheduled →"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="y-axis label"')), ["wall-clock (µs) →"]);
  const { x, y } = (chart.vegaLite.layer as Layer[])[0].encoding as Record<
    string,
    { title: string }
  >;
  assertEquals([x.title, y.title, chart.vegaLite.title], [
    "tokens scheduled",
    "wall-clock (µs)",
    "Step time",
  ]);
  const plain = scatterChart(STEPS);
  assertEquals(svgTexts(svgGroup(plain.svg, 'aria-label="x-axis label"')), ["x →"]);
  assertEquals(plain.vegaLite.title, "Scatter");
});

Deno.test("scatterChart() displays as Vega-Lite v5 with the points inlined", () => {
  const chart = scatterChart([...STEPS, { x: 1, y: 2, z: 3 } as ScatterPoint], { width: 800 });
  const spec = assertDisplayBundle(chart, "Scatter");
  assertEquals(spec.data, { values: [...STEPS, { x: 1, y: 2 }] });
  assertMatch(chart.svg, /^<svg [^>]*viewBox="0 0 800 \d+"/);
  // Vega-Lite sizes the frame; Plot's width includes the margins.
  assertEquals([spec.width, spec.height], [800 - 64 - 20, 360 - 20 - 42]);
  const [dots] = spec.layer as Layer[];
  assertEquals(dots.encoding.tooltip, [
    { field: "x", type: "quantitative", title: "x" },
    { field: "y", type: "quantitative", title: "y" },
  ]);
});

Deno.test("scatterChart() and leastSquares() refuse bad input, naming the field and the value", () => {
  const bad = (points: unknown, options?: unknown) => () =>
    scatterChart(points as ScatterPoint[], options as ScatterChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad(undefined), TypeError, "Expected points to be a non-empty array but found undefined"],
    [bad([]), RangeError, "Expected points to be a non-empty array but found an empty array"],
    [bad([STEPS[0], [1, 2]]), TypeError, "Expected points[1] to be an object but found an array"],
    [
      bad([STEPS[0], { x: NaN, y: 1 }]),
      RangeError,
      "Expected points[1].x to be a finite number but found NaN",
    ],
    [bad([{ x: 1 }]), TypeError, "Expected points[0].y to be a finite number but found undefined"],
    [
      bad([{ x: 3, y: 1 }, { x: 3, y: 2 }], { fit: true }),
      RangeError,
      "Expected points to have at least two distinct x values but found only 3",
    ],
    [
      () => leastSquares([{ x: 1, y: Infinity }]),
      RangeError,
      "Expected points[0].y to be a finite number but found Infinity",
    ],
    [bad(STEPS, { width: -3 }), RangeError, "Expected width to be a number > 0 but found -3"],
    [
      bad(STEPS, { height: "360" }),
      TypeError,
      'Expected height to be a number > 0 but found "360"',
    ],
    [bad(STEPS, { fit: "yes" }), TypeError, 'Expected fit to be a boolean but found "yes"'],
    [bad(STEPS, { xLabel: 1 }), TypeError, "Expected xLabel to be a string but found 1"],
    [
      bad(STEPS, { logY: true }),
      TypeError,
      'Expected options to have only the keys title, xLabel, yLabel, width, height, fit but found "logY"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // One point draws fine without a fit.
  assertEquals(countMatches(scatterChart([{ x: 3, y: 1 }]).svg, /<circle /g), 1);
});
