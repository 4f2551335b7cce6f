import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import {
  type GridCell,
  gridHeatmapChart,
  type GridHeatmapChartOptions,
} from "../lib/charts/grid_heatmap_chart.ts";
import { assertDisplayBundle, svgGroup, svgTexts, svgTicks } from "../testing/chart_assertions.ts";

const cell = (budget: number, threshold: number, totalSteps: number, meetsSlo = true) => ({
  budget,
  threshold,
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
const CHOSEN = { budget: 512, threshold: 64 };

type Layer = {
  mark: { type: string } & Record<string, unknown>;
  transform?: { filter: string }[];
  encoding?: Record<string, Record<string, unknown>>;
};

/** Each rect's title, first line to last, with its position. */
function rects(markup: string) {
  return [...markup.matchAll(/<rect ([^>]*)><title>(.*?)<\/title>/gs)].map(([, attrs, title]) => ({
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
  const many = CELLS.map((c) => ({ ...c, meetsSlo: c.threshold !== 16 }));
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
  const { x: xSpec, y: ySpec } = chart.vegaLite.encoding as Record<string, Record<string, never>>;
  assertEquals(xSpec.scale, { domain: [0, 8, 16, 64, 128], paddingInner: 0.06, paddingOuter: 0 });
  assertEquals(ySpec.scale, { domain: [1024, 512, 256, 64], paddingInner: 0.06, paddingOuter: 0 });
  assertEquals(xSpec.axis["labelExpr"], "datum.value === 0 ? 'off' : datum.label");
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
  const [, text] = gridHeatmapChart(CELLS).vegaLite.layer as Layer[];
  assertEquals(text.encoding?.color.condition, [
    { test: "!datum.meetsSlo", value: "#767676" },
    { test: "(datum.totalSteps - 300) / 600 < 0.5", value: "white" },
  ]);
});

Deno.test("gridHeatmapChart() outlines the chosen config once, over its cell", () => {
  const chart = gridHeatmapChart(CELLS, { chosen: CHOSEN });
  const outline = rects(svgGroup(chart.svg, 'class="chosen"'));
  assertEquals(outline.length, 1);
  assertEquals(
    outline[0].title,
    "chosen\nbudget 512\nthreshold 64\ntotal steps 300\nmeets the SLO",
  );
  const target = rects(svgGroup(chart.svg, 'aria-label="cell"'))[0];
  assertEquals(outline[0].at, target.at);
  assertMatch(chart.svg, /<g [^>]*stroke-width="4" stroke="#f28e2c" fill="none" class="chosen"/);
  const last = (chart.vegaLite.layer as Layer[]).at(-1)!;
  assertEquals(last.transform, [{ filter: "datum.budget === 512 && datum.threshold === 64" }]);
  assertEquals([last.mark.type, last.mark.filled, last.mark.stroke], ["rect", false, "#f28e2c"]);

  const plain = gridHeatmapChart(CELLS);
  assert(!plain.svg.includes('class="chosen"'));
  assertEquals((plain.vegaLite.layer as Layer[]).length, 3);
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
  assertEquals(chart.vegaLite.title, { text: "Budget × threshold", subtitle: "× breaks the SLO" });
  const [rect] = chart.vegaLite.layer as Layer[];
  assertEquals(rect.encoding?.color.scale, {
    domain: [300, 900],
    range: ["#08306b", "#9ecae1"],
    interpolate: "hcl",
    clamp: true,
  });
  assertEquals(rect.encoding?.color.condition, { test: "!datum.meetsSlo", value: "#ececec" });
});

Deno.test("gridHeatmapChart() displays as Vega-Lite v5 with the cells inlined", () => {
  const chart = gridHeatmapChart(CELLS, { chosen: CHOSEN, width: 800 });
  const title = "Grid search: total steps per config";
  const spec = assertDisplayBundle(chart, title, {
    text: title,
    subtitle: "× breaks the SLO · orange outline: the chosen config",
  });
  assertEquals(spec.data, { values: CELLS });
  assertMatch(
    chart.svg,
    /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*viewBox="0 0 800 \d+"/,
  );
  assert(chart.svg.endsWith("</svg>") && !chart.svg.includes("<figure"));
  // Vega-Lite sizes the frame; Plot's width includes the margins.
  assertEquals([spec.width, spec.height], [800 - 84, 80]);
  const layers = spec.layer as Layer[];
  assertEquals(layers.map((layer) => layer.mark.type), ["rect", "text", "text", "rect"]);
  assertEquals(layers[2].transform, [{ filter: "!datum.meetsSlo" }]);
  assertEquals(layers[2].mark.text, "×");
  assertEquals(layers[1].encoding?.text, {
    field: "totalSteps",
    type: "quantitative",
    format: ",d",
  });
  const extra = [{ ...cell(1, 2, 3), note: "x" }];
  assertEquals(gridHeatmapChart(extra).vegaLite.data, { values: [cell(1, 2, 3)] });
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
      "Expected cells[0].threshold to be an integer >= 0 but found -1",
    ],
    [
      bad([cell(256, 0, 2.5)]),
      RangeError,
      "Expected cells[0].totalSteps to be an integer >= 0 but found 2.5",
    ],
    [
      bad([CELLS[0], { ...CELLS[1], budget: "256" }]),
      TypeError,
      'Expected cells[1].budget to be an integer >= 0 but found "256"',
    ],
    [
      bad([CELLS[0], cell(1, 0, NaN)]),
      RangeError,
      "Expected cells[1].totalSteps to be an integer >= 0 but found NaN",
    ],
    [
      bad([{ ...CELLS[0], meetsSlo: 1 }]),
      TypeError,
      "Expected cells[0].meetsSlo to be a boolean but found 1",
    ],
    [
      bad([...CELLS, cell(256, 16, 1, false)]),
      RangeError,
      "Expected one cell per budget and threshold but found budget 256, threshold 16 at cells[3] and cells[6]",
    ],
    [
      bad(CELLS, { chosen: { budget: 256, threshold: 32 } }),
      RangeError,
      "Expected chosen to be one of the cells but found budget 256, threshold 32",
    ],
    [
      bad(CELLS, { chosen: { budget: 512 } }),
      RangeError,
      "Expected chosen to be one of the cells but found budget 512, threshold undefined",
    ],
    [
      bad(CELLS, { chosen: { budget: 512, threshold: 64, label: "x" } }),
      TypeError,
      'Expected chosen to have only the keys budget, threshold but found "label"',
    ],
    [bad(CELLS, { width: -3 }), RangeError, "Expected width to be a number > 0 but found -3"],
    [
      bad(CELLS, { width: "wide" }),
      TypeError,
      'Expected width to be a number > 0 but found "wide"',
    ],
    [bad(CELLS, { title: 3 }), TypeError, "Expected title to be a string but found 3"],
    [bad(CELLS, { sloLabel: null }), TypeError, "Expected sloLabel to be a string but found null"],
    [
      bad(CELLS, { slo: "TTFT" }),
      TypeError,
      'Expected options to have only the keys title, width, chosen, sloLabel but found "slo"',
    ],
    [bad(CELLS, null), TypeError, "Expected options to be an object but found null"],
  ];
  for (const [fn, ErrorClass, message] of cases) {
    assertEquals(assertThrows(fn, ErrorClass).message, message);
  }
});
