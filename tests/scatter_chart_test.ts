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
  svgTicks,
} from "../testing/chart_assertions.ts";

// Four steps: 40 µs of overhead plus half a microsecond per token, give or take 2.
const STEPS: ScatterPoint[] = [
  { x: 16, y: 50 },
  { x: 64, y: 70 },
  { x: 256, y: 166 },
  { x: 512, y: 298 },
];

/** The subtitle's lines. */
const notes = (svg: string) =>
  svgTexts(svgGroup(svg, 'class="subtitle"')).flatMap((text) =>
    text.includes("<tspan")
      ? [...text.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((m) => m[1])
      : [text]
  );

/** A thousand fast steps, time growing with tokens, and two long pauses. */
function pausedRun(): ScatterPoint[] {
  const random = createRandom(7);
  const steps = Array.from({ length: 1000 }, () => {
    const x = random.int(1, 512);
    return { x, y: 1 + x / 100 + random.next() };
  });
  return [...steps, { x: 40, y: 12000 }, { x: 300, y: 24000 }];
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
  assertAlmostEquals(leastSquares(points).slope, 2, 1e-9);
});

Deno.test("scatterChart() draws one dot per point, and no lines unless asked", () => {
  const svg = scatterChart(STEPS).svg;
  assertEquals(countMatches(svgGroup(svg, 'aria-label="dot"'), /<circle /g), 4);
  assertMatch(svg, /<g [^>]*fill-opacity="0.8"[^>]*aria-label="dot"/);
  assert(!svg.includes('aria-label="line"'), "Expected no lines for a few points");
  assert(!svg.includes('class="subtitle"'), "Expected no notes");
});

Deno.test("scatterChart() leaves far outliers out of the frame and says how many", () => {
  const chart = scatterChart(pausedRun(), { title: "Step time" });
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="dot"'), /<circle /g), 1000);
  // The frame spans the fast steps: no tick reaches the pauses.
  const ticks = svgTicks(chart.svg, "y").map(([label]) => Number(label.replace(/,/g, "")));
  assert(Math.max(...ticks) < 10, `Expected ticks under 10 but found ${ticks}`);
  const [clipped] = notes(chart.svg);
  assertMatch(clipped, /^2 of 1,002 points lie above [\d.]+ \(up to 24,000\): not drawn$/);
  // Nothing is left out when no point stands far above the rest.
  assertEquals(countMatches(scatterChart(STEPS).svg, /<circle /g), 4);
});

Deno.test("scatterChart() draws the median of each x bucket for many points", () => {
  const svg = scatterChart(pausedRun()).svg;
  const medians = svgGroup(svg, 'class="medians"');
  const vertices = countMatches(medians, /[ML][\d.]+,[\d.]+/g);
  assert(vertices >= 10 && vertices <= 30, `Expected 10 to 30 buckets but found ${vertices}`);
  assert(notes(svg).includes("Dark line: the median of each x bucket"));
  assert(!scatterChart(pausedRun(), { medians: false }).svg.includes('class="medians"'));
  assert(scatterChart(STEPS, { medians: true }).svg.includes('class="medians"'));
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
});

Deno.test("scatterChart() draws and states the least-squares line of the points drawn", () => {
  const points = [{ x: 1, y: 1 }, { x: 2, y: 0 }, { x: 3, y: -3 }];
  // Means 2 and -2/3; slope (-5/3 + 0 - 7/3) / 2 = -2; intercept -2/3 + 4 = 10/3.
  const chart = scatterChart(points, { fit: true });
  const path = svgGroup(chart.svg, 'class="fit"').match(/d="M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)"/);
  assert(path, "Expected a two-point line");
  const dots = [
    ...svgGroup(chart.svg, 'aria-label="dot"').matchAll(/cy="([\d.]+)" cx="([\d.]+)"/g),
  ];
  // The line spans the dots' x extent, falling as they do.
  assertAlmostEquals(Number(path[1]), Number(dots[0][2]), 1e-3);
  assertAlmostEquals(Number(path[3]), Number(dots[2][2]), 1e-3);
  assert(Number(path[4]) > Number(path[2]), "Expected the line to fall left to right");
  assertEquals(notes(chart.svg), ["Red: least-squares fit, y = -2x + 3.33"]);
  const below = scatterChart([{ x: 0, y: -1 }, { x: 1, y: 0 }], { fit: true }).svg;
  assertEquals(notes(below), ["Red: least-squares fit, y = 1x - 1"]);
  // The pauses are left out of the fit too: time still grows with tokens.
  const [, , fit] = notes(scatterChart(pausedRun(), { fit: true }).svg);
  const slope = Number(fit.match(/y = ([\d.]+)x/)![1]);
  assertAlmostEquals(slope, 0.01, 0.002);
});

Deno.test("scatterChart() displays as one static SVG with its title and axis labels", () => {
  const options = { title: "Step time", xLabel: "tokens scheduled", yLabel: "wall-clock (µs)" };
  const chart = scatterChart(STEPS, options);
  assertEquals(assertDisplayBundle(chart, "Step time"), undefined);
  assertEquals(svgTexts(svgGroup(chart.svg, 'class="title"')), ["Step time"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="x-axis label"')), ["tokens scheduled →"]);
  assertEquals(svgTexts(svgGroup(chart.svg, 'aria-label="y-axis label"')), ["wall-clock (µs) →"]);
  assertMatch(chart.svg, /^<svg [^>]*viewBox="0 0 720 /);
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
    [
      bad(STEPS, { width: -3 }),
      RangeError,
      "Expected width to be a finite number > 0 but found -3",
    ],
    [
      bad(STEPS, { height: "360" }),
      TypeError,
      'Expected height to be a finite number > 0 but found "360"',
    ],
    [bad(STEPS, { fit: "yes" }), TypeError, 'Expected fit to be a boolean but found "yes"'],
    [bad(STEPS, { xLabel: 1 }), TypeError, "Expected xLabel to be a string but found 1"],
    [
      bad(STEPS, { logY: true }),
      TypeError,
      'Expected options to have only the keys title, xLabel, yLabel, width, height, fit, medians but found "logY"',
    ],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
  // One point draws fine without a fit.
  assertEquals(countMatches(scatterChart([{ x: 3, y: 1 }]).svg, /<circle /g), 1);
});
