import { assert, assertEquals, assertThrows } from "@std/assert";
import { type HockeyPoint, hockeyStickChart } from "../lib/charts/hockey_stick_chart.ts";
import { assertDisplayBundle, svgGroup, svgTexts } from "../testing/chart_assertions.ts";

const POINTS: HockeyPoint[] = [
  { series: "unchunked", qps: 6, ttftP50Ms: 8289, tbtP99Ms: 707 },
  { series: "unchunked", qps: 1, ttftP50Ms: 80, tbtP99Ms: 34 },
  { series: "budget 512", qps: 1, ttftP50Ms: 95, tbtP99Ms: 44 },
  { series: "budget 512", qps: 6, ttftP50Ms: 35579, tbtP99Ms: 89 },
];

/** The `<svg>` elements of the chart: the legend, then the two panels. */
const svgs = (markup: string) => [...markup.matchAll(/<svg [\s\S]*?<\/svg>/g)].map((m) => m[0]);

Deno.test("hockeyStickChart() draws a legend and two panels: log TTFT, and TBT with the SLO rule", () => {
  const chart = hockeyStickChart(POINTS, { title: "Load", sloTbtMs: 100 });
  assertDisplayBundle(chart, "Load");
  const [legend, ttft, tbt] = svgs(chart.svg);
  assertEquals(svgs(chart.svg).length, 3);
  assert(svgTexts(legend).includes("unchunked") && svgTexts(legend).includes("budget 512"));
  assert(svgTexts(ttft).includes("Median TTFT (log scale)"));
  assert(svgTexts(ttft).includes("10k"), "a log axis labels its decades");
  assert(!ttft.includes('aria-label="rule"'), "no SLO rule on the TTFT panel");
  assert(tbt.includes('aria-label="rule"') && svgTexts(tbt).includes("SLO, 100 ms"));
  // One line per series in each panel, its points in rate order.
  for (const panel of [ttft, tbt]) {
    const lines = svgGroup(panel, 'aria-label="line"');
    const paths = [
      ...lines.matchAll(/<path d="M([\d.]+),[\d.]+L([\d.]+),[\d.]+" stroke="([^"]+)"/g),
    ];
    assertEquals(paths.map((p) => p[3]), ["#4e79a7", "#f28e2c"]);
    for (const [, x0, x1] of paths) assert(Number(x0) < Number(x1));
  }
});

Deno.test("hockeyStickChart() refuses a TTFT a log axis cannot draw, and unknown options", () => {
  assertThrows(
    () => hockeyStickChart([{ ...POINTS[0], ttftP50Ms: 0 }]),
    RangeError,
    "Expected points[0].ttftP50Ms to be a finite number > 0 but found 0",
  );
  assertThrows(
    () => hockeyStickChart(POINTS, { slo: 100 } as never),
    TypeError,
    'Expected options to have only the keys title, width, height, sloTbtMs but found "slo"',
  );
});
