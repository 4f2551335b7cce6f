// Chapter 0's exercise, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { labImpl, loadLab } from "../notebooks/lab.ts";
import { checkChunkSizes, CHECKS } from "../notebooks/00-engine-tour/checks.ts";
import type * as Lab from "../notebooks/00-engine-tour/solution.ts";
import { assertEquals, assertThrows } from "@std/assert";

for (const check of CHECKS) {
  Deno.test(`chapter 0: ${check.name} (${labImpl()}.ts)`, async () => {
    check.run(await loadLab<typeof Lab>("00-engine-tour"));
  });
}

Deno.test("chapter 0: checkChunkSizes() returns the sizes it read", async () => {
  const { chunkSizes } = await loadLab<typeof Lab>("00-engine-tour", "solution");
  assertEquals(checkChunkSizes(chunkSizes), { long: [32, 32, 32, 4, 1, 1], short: [3, 1] });
});

// A test of the test: the checks must fail the untouched starter. Skipped when
// grading a learner, whose starter is meant to pass.
Deno.test({
  name: "chapter 0: the untouched starter fails the checks and says what to write",
  ignore: labImpl() === "starter",
}, async () => {
  const { chunkSizes } = await loadLab<typeof Lab>("00-engine-tour", "starter");
  assertThrows(
    () => checkChunkSizes(chunkSizes),
    Error,
    "Not implemented yet: write chunkSizes(records, id)",
  );
});
