import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  type GridCell,
  gridHeatmapChart,
  type GridHeatmapChartOptions,
} from "../lib/charts/grid_heatmap_chart.ts";
import { assertDisplayBundle, svgGroup, svgTexts, svgTicks } from "../testing/chart_assertions.ts";

const config = (maxNumBatchedTokens: number, longPrefillTokenThreshold: number) => ({
  maxNumBatchedTokens,
  longPrefillTokenThreshold,
});
const cell = (budget: number, threshold: number, totalSteps: number, meetsSlo = true) => ({
  ...config(budget, threshold),
  totalSteps,
  meetsSlo,
});

// Two budgets by three thresholds, listed out of order; budget 512 without
// chunking (threshold 0) finishes first but breaks the SLO.
const CELLS: GridCell[] = [
  cell(512, 64, 300),
  cell(256, 0, 500),
  cell(512, 0, 200, false),
  cell(256, 16, 900),
  cell(512, 16, 400),
  cell(256, 64, 600),
];
const CHOSEN = config(512, 64);

/** Each rect's title (when it has one), fill and position. */
function rects(markup: string) {
  return [...markup.matchAll(/<rect ([^>]*)>(?:<title>(.*?)<\/title>)?/gs)].map((
    [, attrs, title],
  ) => ({
    title,
    fill: attrs.match(/fill="([^"]*)"/)?.[1],
    at: [/ x="([\d.]+)"/, / y="([\d.]+)"/].map((re) => Number(attrs.match(re)![1])),
  }));
}

Deno.test("gridHeatmapChart() draws one cell per config and marks SLO violators", () => {
  const svg = gridHeatmapChart(CELLS).svg;
  const cells = rects(svgGroup(svg, 'aria-label="cell"'));
  assertEquals(cells.length, 6);
  assertEquals(cells[2].title, "budget 512\nthreshold off\ntotal steps 200\nbreaks the SLO");
  assertEquals(cells[0].title, "budget 512\nthreshold 64\ntotal steps 300\nmeets the SLO");
  assertEquals(cells.filter((c) => c.fill === "#ececec").map((c) => c.title.split("\n")[0]), [
    "budget 512",
  ]);
  assertEquals(svgTexts(svgGroup(svg, 'class="violators"')), ["×"]);
  const many = CELLS.map((c) => ({ ...c, meetsSlo: c.longPrefillTokenThreshold !== 16 }));
  assertEquals(svgTexts(svgGroup(gridHeatmapChart(many).svg, 'class="violators"')), ["×", "×"]);
  assert(!gridHeatmapChart([cell(256, 0, 5)]).svg.includes('class="violators"'));
});

Deno.test("gridHeatmapChart() puts thresholds across and budgets up in numeric order", () => {
  const chart = gridHeatmapChart([...CELLS, cell(1024, 128, 250), cell(64, 8, 2000)]);
  const x = svgTicks(chart.svg, "x");
  assertEquals(x.map(([label]) => label), ["off", "8", "16", "64", "128"]);
  assert(x.every(([, at], i) => i === 0 || at > x[i - 1][1]), "Expected x to increase");
  const y = svgTicks(chart.svg, "y");
  assertEquals(y.map(([label]) => label), ["1024", "512", "256", "64"]);
  assert(y.every(([, at], i) => i === 0 || at > y[i - 1][1]), "Expected the largest on top");
});

Deno.test("gridHeatmapChart() writes each config's total steps, white on dark cells", () => {
  const written = (cells: GridCell[]) => {
    const counts = svgGroup(gridHeatmapChart(cells).svg, 'class="counts"');
    return [...counts.matchAll(/<text fill="([^"]+)"[^>]*>([\d,]+)<\/text>/g)]
      .map((m) => [m[2], m[1]]);
  };
  // The shade spans 300 to 900 steps, so cells under 600 are dark; the violator is grey.
  assertEquals(written(CELLS), [
    ["300", "white"],
    ["500", "white"],
    ["200", "#767676"],
    ["900", "black"],
    ["400", "white"],
    ["600", "black"],
  ]);
  assertEquals(written([cell(64, 0, 12345), cell(64, 8, 0)]), [["12,345", "black"], [
    "0",
    "white",
  ]]);
});

Deno.test("gridHeatmapChart() outlines the chosen config once, over its cell", () => {
  const chart = gridHeatmapChart(CELLS, { chosen: CHOSEN });
  const outline = rects(svgGroup(chart.svg, 'class="chosen"'));
  assertEquals(outline.length, 1);
  assertEquals(outline[0].at, rects(svgGroup(chart.svg, 'aria-label="cell"'))[0].at);
  assertMatch(chart.svg, /<g [^>]*stroke-width="4" stroke="#f28e2c" fill="none" class="chosen"/);
  assert(!gridHeatmapChart(CELLS).svg.includes('class="chosen"'));
});

Deno.test("gridHeatmapChart() states the shade, the SLO and the outline in the subtitle", () => {
  const subtitle = (options: GridHeatmapChartOptions) =>
    svgGroup(gridHeatmapChart(CELLS, options).svg, 'class="subtitle"')
      .match(/<tspan[^>]*>(.*?)<\/tspan>/g)!.map((tspan) => tspan.replace(/<[^>]+>/g, ""));
  // The violator's 200 steps are off the shade, which spans configs that meet the SLO.
  assertEquals(subtitle({}), [
    "Shade: total steps, from 300 (dark) to 900 (light)",
    "× breaks the SLO",
  ]);
  assertEquals(
    subtitle({ chosen: CHOSEN, sloLabel: "TTFT SLO" })[1],
    "× breaks the TTFT SLO · orange outline: the chosen config",
  );
  const chart = gridHeatmapChart(CELLS, { title: "Budget × threshold" });
  assertMatch(svgGroup(chart.svg, 'class="title"'), />Budget × threshold<\/text>/);
});

Deno.test("gridHeatmapChart() displays as one static SVG as wide as asked", () => {
  const chart = gridHeatmapChart(CELLS, { chosen: CHOSEN, width: 800 });
  assertEquals(assertDisplayBundle(chart, "Grid search: total steps per config"), undefined);
  assertMatch(
    chart.svg,
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 800 \d+"/,
  );
  assert(chart.svg.endsWith("</svg>") && !chart.svg.includes("<figure"));
  assertMatch(gridHeatmapChart(CELLS).svg, /viewBox="0 0 720 /);
});

Deno.test("gridHeatmapChart() refuses bad input, naming the field and the value", () => {
  const bad = (cells: unknown, options?: unknown) => () =>
    gridHeatmapChart(cells as GridCell[], options as GridHeatmapChartOptions);
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [bad("x"), TypeError, 'Expected cells to be a non-empty array but found "x"'],
    [bad([]), RangeError, "Expected cells to be a non-empty array but found an empty array"],
    [bad([...CELLS, null]), TypeError, "Expected cells[6] to be an object but found null"],
    [
      bad([cell(256, -1, 3)]),
      RangeError,
      "Expected cells[0].longPrefillTokenThreshold to be an integer >= 0 but found -1",
    ],
    [
      bad([cell(256, 0, 2.5)]),
      RangeError,
      "Expected cells[0].totalSteps to be an integer >= 0 but found 2.5",
    ],
    [
      bad([CELLS[0], { ...CELLS[1], maxNumBatchedTokens: "256" }]),
      TypeError,
      'Expected cells[1].maxNumBatchedTokens to be an integer >= 0 but found "256"',
    ],
    [
      bad([{ ...CELLS[0], meetsSlo: 1 }]),
      TypeError,
      "Expected cells[0].meetsSlo to be a boolean but found 1",
    ],
    [
      bad([...CELLS, cell(256, 16, 1, false)]),
      RangeError,
      "Expected one cell per configuration but found maxNumBatchedTokens 256, " +
      "longPrefillTokenThreshold 16 at cells[3] and cells[6]",
    ],
    [
      bad(CELLS, { chosen: config(256, 32) }),
      RangeError,
      "Expected chosen to be one of the cells but found maxNumBatchedTokens 256, " +
      "longPrefillTokenThreshold 32",
    ],
    [
      bad(CELLS, { chosen: { maxNumBatchedTokens: 512 } }),
      RangeError,
      "Expected chosen to be one of the cells but found maxNumBatchedTokens 512, " +
      "longPrefillTokenThreshold undefined",
    ],
    [
      bad(CELLS, { chosen: { budget: 512, threshold: 64 } }),
      TypeError,
      "Expected chosen to have only the keys maxNumBatchedTokens, longPrefillTokenThreshold " +
      'but found "budget"',
    ],
    [bad(CELLS, { chosen: 5 }), TypeError, "Expected chosen to be an object but found 5"],
    [
      bad(CELLS, { width: -3 }),
      RangeError,
      "Expected width to be a finite number > 0 but found -3",
    ],
    [
      bad(CELLS, { width: "wide" }),
      TypeError,
      'Expected width to be a finite number > 0 but found "wide"',
    ],
    [bad(CELLS, { title: 3 }), TypeError, "Expected title to be a string but found 3"],
    [bad(CELLS, { sloLabel: null }), TypeError, "Expected sloLabel to be a string but found null"],
    [
      bad(CELLS, { slo: "TTFT" }),
      TypeError,
      'Expected options to have only the keys title, width, sloLabel, chosen but found "slo"',
    ],
    [bad(CELLS, null), TypeError, "Expected options to be an object but found null"],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
});
