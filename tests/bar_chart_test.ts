import { assert, assertEquals, assertThrows } from "@std/assert";
import { barChart } from "../lib/charts/bar_chart.ts";
import { assertDisplayBundle, countMatches, svgTexts } from "../testing/chart_assertions.ts";

const BARS = [
  { group: "chat", series: "vLLM-like", value: 2.44 },
  { group: "chat", series: "Sarathi-like", value: 5 },
  { group: "arxiv", series: "vLLM-like", value: 0.68 },
  { group: "arxiv", series: "Sarathi-like", value: 2.19 },
];

/** Each bar's fill and width in pixels, in document order (the bars are the chart's only rects). */
function rects(svg: string) {
  return [...svg.matchAll(/<rect ([^>]*)>/g)].map(([, attributes]) => ({
    width: Number(/width="([\d.]+)"/.exec(attributes)![1]),
    fill: /fill="([^"]+)"/.exec(attributes)![1],
  }));
}

Deno.test("barChart() draws one bar per record, lengths in proportion, one colour per series", () => {
  const chart = barChart(BARS, { title: "Capacity", xLabel: "QPS" });
  assertDisplayBundle(chart, "Capacity");
  const bars = rects(chart.svg);
  assertEquals(bars.length, 4);
  // Bars start at 0, so their widths keep the values' ratios.
  const byValue = BARS.map((b, i) => [b.value, bars[i].width] as const);
  for (const [value, width] of byValue) {
    assert(Math.abs(width / bars[1].width - value / 5) < 0.01, `${value}: ${width}`);
  }
  assertEquals(bars.map((b) => b.fill), ["#4e79a7", "#f28e2c", "#4e79a7", "#f28e2c"]);
  const texts = svgTexts(chart.svg);
  for (const label of ["2.44", "5.00", "0.68", "2.19", "chat", "arxiv", "QPS"]) {
    assert(texts.some((t) => t.includes(label)), label);
  }
  assertEquals(countMatches(chart.svg, />chat<\/text>/g), 1);
});

Deno.test("barChart() refuses bad bars and options in one line", () => {
  assertThrows(
    () => barChart([]),
    RangeError,
    "Expected bars to be a non-empty array but found an empty array",
  );
  assertThrows(
    () => barChart([{ group: "a", series: "b", value: -1 }]),
    RangeError,
    "Expected bars[0].value to be a finite number >= 0 but found -1",
  );
  assertThrows(
    () => barChart([{ group: "a", series: 3 as never, value: 1 }]),
    TypeError,
    "Expected bars[0].series to be a string but found 3",
  );
  assertThrows(
    () => barChart(BARS, { digits: 1.5 }),
    RangeError,
    "Expected digits to be an integer in [0, 6] but found 1.5",
  );
});
