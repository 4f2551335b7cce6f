// Chapter 0's exercise, graded against solution.ts, or starter.ts with LAB_IMPL=starter.
import { labImpl, loadLab } from "../notebooks/lab.ts";
import { checkChunkSizes } from "../notebooks/00-engine-tour/checks.ts";
import type * as Lab from "../notebooks/00-engine-tour/solution.ts";
import { assertThrows } from "@std/assert";

Deno.test(`chapter 0: chunkSizes() from ${labImpl()}.ts reads a probe's records`, async () => {
  const { chunkSizes } = await loadLab<typeof Lab>("00-engine-tour");
  checkChunkSizes(chunkSizes);
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
