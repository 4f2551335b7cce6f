import { assert, assertEquals, assertMatch, assertThrows } from "@std/assert";
import type { StepRecord } from "../lib/engine/step_record.ts";
import { timelineCells, timelineChart } from "../lib/charts/timeline_chart.ts";
import {
  assertDisplayBundle,
  countMatches,
  svgGroup,
  svgGroups,
  svgTexts,
} from "../testing/chart_assertions.ts";

/** A step that ran `chunks`, each `[id, numScheduledTokens]`. */
function step(index: number, chunks: [string, number][]): StepRecord {
  return {
    step: index,
    arrived: [],
    sampled: [],
    sampledTokenIds: [],
    finished: [],
    scheduled: chunks.map(([id, n]) => ({ id, numScheduledTokens: n, contextLen: n })),
  };
}

// r0 prefills 8 tokens, then decodes; r1 arrives, prefills 32 in one chunk,
// decodes once after an idle step.
const RECORDS = [
  step(0, [["r0", 8]]),
  step(1, [["r0", 1], ["r1", 32]]),
  step(2, []),
  step(3, [["r1", 1]]),
];

Deno.test("timelineCells() lists one row per scheduled chunk in step then schedule order", () => {
  assertEquals(timelineCells(RECORDS), [
    { step: 0, id: "r0", tokens: 8 },
    { step: 1, id: "r0", tokens: 1 },
    { step: 1, id: "r1", tokens: 32 },
    { step: 3, id: "r1", tokens: 1 },
  ]);
});

Deno.test("timelineChart() draws one cell per scheduled chunk", () => {
  const cells = svgGroup(timelineChart(RECORDS).svg, 'aria-label="cell"');
  assertEquals(countMatches(cells, /<rect /g), 4);
  const tooltips = [...cells.matchAll(/<title>(.*?)<\/title>/gs)].map((m) => m[1]);
  assertEquals(tooltips, [
    "step 0\nid r0\ntokens 8",
    "step 1\nid r0\ntokens 1",
    "step 1\nid r1\ntokens 32",
    "step 3\nid r1\ntokens 1",
  ]);
});

Deno.test("timelineChart() leaves a step with nothing scheduled as an empty column", () => {
  const busy = timelineChart(RECORDS.filter((record) => record.step !== 2)).svg;
  const idle = timelineChart(RECORDS).svg;
  assertEquals(countMatches(svgGroup(idle, 'aria-label="cell"'), /<rect /g), 4);
  assertEquals(countMatches(svgGroup(busy, 'aria-label="x-axis tick label"'), /<text /g), 3);
  const steps = [...svgGroup(idle, 'aria-label="x-axis tick label"').matchAll(/>(\d+)</g)];
  assertEquals(steps.map((m) => m[1]), ["0", "1", "2", "3"]);
});

Deno.test("timelineChart() lists requests in order of first appearance", () => {
  const svg = timelineChart([step(0, [["b", 4]]), step(1, [["a", 4], ["b", 1]])]).svg;
  const ids = [...svgGroup(svg, 'aria-label="y-axis tick label"').matchAll(/>(\w+)</g)];
  assertEquals(ids.map((m) => m[1]), ["b", "a"]);
});

Deno.test("timelineChart() writes each token count in its cell, white on dark cells", () => {
  const counts = svgGroup(timelineChart(RECORDS).svg, 'class="counts"');
  const texts = [...counts.matchAll(/<text fill="(\w+)"[^>]*>(\d+)<\/text>/g)];
  assertEquals(texts.map((m) => [m[2], m[1]]), [
    ["8", "black"],
    ["1", "black"],
    ["32", "white"],
    ["1", "black"],
  ]);
});

Deno.test("timelineChart() hides the counts when they would not fit their cells", () => {
  const long = Array.from({ length: 200 }, (_, i) => step(i, [["r0", i === 0 ? 512 : 1]]));
  const chart = timelineChart(long);
  assert(!chart.svg.includes('class="counts"'));
  assertEquals(countMatches(svgGroup(chart.svg, 'aria-label="cell"'), /<rect /g), 200);
  const forced = timelineChart(long, { showCounts: true });
  assertEquals(countMatches(svgGroup(forced.svg, 'class="counts"'), /<text /g), 200);
  assert(!timelineChart(RECORDS, { showCounts: false }).svg.includes('class="counts"'));
});

Deno.test("timelineChart() displays as one static SVG, page wide, in 12px type", () => {
  const chart = timelineChart(RECORDS, { title: "Probe run" });
  assertEquals(assertDisplayBundle(chart, "Probe run"), undefined);
  assertMatch(chart.svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* width="720"/);
  assertMatch(chart.svg, /^<svg [^>]*style="font-size:12px;background:white/);
  const [title] = svgGroups(chart.svg, 'class="title"');
  assertMatch(title.attributes, /font-size="16"/);
  assertEquals(svgTexts(title.markup), ["Probe run"]);
  assertMatch(timelineChart(RECORDS, { width: 900 }).svg, /^<svg [^>]*viewBox="0 0 900 \d+"/);
});

Deno.test("timelineChart() states the shade in the subtitle", () => {
  const subtitle = svgGroup(timelineChart(RECORDS).svg, 'class="subtitle"');
  assertEquals(svgTexts(subtitle), ["Cell shade: tokens scheduled, from 0 (light) to 32 (dark)"]);
});

Deno.test("timelineChart() draws an empty frame for a run with no steps", () => {
  assert(!timelineChart([]).svg.includes('aria-label="cell"'));
});

Deno.test("timelineChart() refuses bad input, naming the field and the value", () => {
  const bad = (records: unknown, options?: unknown) => () =>
    timelineChart(records as StepRecord[], options as Record<string, never>);
  assertThrows(bad("r0"), TypeError, 'Expected records to be an array but found "r0"');
  assertThrows(
    bad([step(0, []), { step: 1 }]),
    TypeError,
    "Expected records[1].scheduled to be an array but found undefined",
  );
  const width = "Expected width to be a finite number > 0 but found";
  assertThrows(bad(RECORDS, { width: -3 }), RangeError, `${width} -3`);
  assertThrows(bad(RECORDS, { width: 0 }), RangeError, `${width} 0`);
  assertThrows(bad(RECORDS, { width: "wide" }), TypeError, `${width} "wide"`);
  assertThrows(bad(RECORDS, { title: 3 }), TypeError, "Expected title to be a string but found 3");
  assertThrows(
    bad(RECORDS, { showCounts: "yes" }),
    TypeError,
    'Expected showCounts to be a boolean but found "yes"',
  );
  assertThrows(
    bad(RECORDS, { widht: 800 }),
    TypeError,
    'Expected options to have only the keys title, width, showCounts but found "widht"',
  );
});
