// Chapter 0's exercise, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { loadLab } from "../notebooks/lab.ts";
import { testChapterChecks } from "../testing/chapter_tests.ts";
import { checkChunkSizes, CHECKS } from "../notebooks/00-engine-tour/checks.ts";
import type * as Lab from "../notebooks/00-engine-tour/solution.ts";
import { assertEquals } from "@std/assert";

testChapterChecks("00-engine-tour", CHECKS);

Deno.test("chapter 0: checkChunkSizes() returns the sizes it read", async () => {
  const { chunkSizes } = await loadLab<typeof Lab>("00-engine-tour", "solution");
  assertEquals(checkChunkSizes(chunkSizes), { long: [32, 32, 32, 4, 1, 1], short: [3, 1] });
});
