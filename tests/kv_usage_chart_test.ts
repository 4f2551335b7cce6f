import { assertEquals, assertMatch, assertThrows } from "@std/assert";
import { kvUsageChart } from "../lib/charts/kv_usage_chart.ts";
import { assertDisplayBundle, svgGroup } from "../testing/chart_assertions.ts";

const points = [
  { series: "a", x: 0, blocks: 2, preempted: 0 },
  { series: "a", x: 1, blocks: 4, preempted: 2 },
  { series: "b", x: 0, blocks: 1, preempted: 0 },
  { series: "b", x: 1, blocks: 3, preempted: 1 },
];

Deno.test("kvUsageChart() draws a stepped line per series, a cross per preempting step and the pool", () => {
  const chart = kvUsageChart(points, { numKvBlocks: 4 });
  assertEquals(svgGroup(chart.svg, 'aria-label="line"').match(/<path /g)?.length, 2);
  assertEquals(chart.svg.match(/class="preempted"/g)?.length, 1);
  assertEquals(svgGroup(chart.svg, 'class="preempted"').match(/<path /g)?.length, 2);
  assertMatch(chart.svg, />pool: 4 blocks</);
  assertMatch(chart.svg, />a ──<\/text>.*>b ──<\/text>/s);
  assertDisplayBundle(chart, "KV blocks in use");
});

Deno.test("kvUsageChart() refuses a fractional block count, naming the point", () => {
  assertThrows(
    () => kvUsageChart([{ series: "a", x: 0, blocks: 1.5, preempted: 0 }]),
    RangeError,
    "Expected points[0].blocks to be an integer >= 0 but found 1.5",
  );
});
