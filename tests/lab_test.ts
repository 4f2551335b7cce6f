// The learner's loop: notebooks/lab.ts re-reads the exercise file on every load,
// and notebooks/grading.ts falls back to the reference per unfinished exercise.
import { kernelReport, LAB_ROOT, labPath, loadLab } from "../notebooks/lab.ts";
import { passingOrReference, runChecks } from "../notebooks/grading.ts";
import { CHECKS } from "../notebooks/01-chunked-prefill/checks.ts";
import type * as Lab from "../notebooks/01-chunked-prefill/solution.ts";
import { assert, assertEquals, assertThrows } from "@std/assert";

const assertStringIncludes = (text: string, part: string) =>
  assert(
    text.includes(part),
    `Expected ${JSON.stringify(text)} to include ${JSON.stringify(part)}`,
  );

Deno.test("loadLab() re-reads the file on every call, so an edit counts without a restart", async () => {
  const chapter = `99-loop-${crypto.randomUUID()}`;
  const dir = `${LAB_ROOT}/notebooks/${chapter}`;
  await Deno.mkdir(dir);
  try {
    const lines: string[] = [];
    await Deno.writeTextFile(`${dir}/starter.ts`, "export const answer = 1;\n");
    const first = await loadLab<{ answer: number }>(chapter, "starter", (l) => lines.push(l));
    await Deno.writeTextFile(`${dir}/starter.ts`, "export const answer = 2;\n");
    const second = await loadLab<{ answer: number }>(chapter, "starter");
    assertEquals([first.answer, second.answer], [1, 2]);
    assertEquals(lines, [`Loaded ${dir}/starter.ts`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("labPath() refuses a chapter or implementation it does not know, by name", () => {
  assertThrows(
    () => labPath("../etc", "solution"),
    RangeError,
    'Expected chapter to be a folder name like "00-engine-tour" but found "../etc"',
  );
  assertThrows(
    () => labPath("00-engine-tour", "mine" as never),
    RangeError,
    'Expected impl to be "solution" or "starter" but found "mine"',
  );
});

Deno.test("kernelReport() warns when Jupyter started the kernel outside this repository", () => {
  assertEquals(
    kernelReport({ STALLFREE_KERNEL_STARTED_IN: `${LAB_ROOT}/notebooks/01-chunked-prefill` }),
    `Course code: ${LAB_ROOT} · exercises from ${
      Deno.env.get("LAB_IMPL") ?? "solution"
    }.ts (LAB_IMPL)`,
  );
  const warning = kernelReport({ STALLFREE_KERNEL_STARTED_IN: "/home/me/other-clone/notebooks" });
  assertStringIncludes(
    warning,
    "Warning: Jupyter started this kernel in /home/me/other-clone/notebooks",
  );
  assertStringIncludes(warning, `so the cells run ${LAB_ROOT}'s code`);
});

Deno.test("passingOrReference() keeps each finished exercise and replaces each unfinished one", async () => {
  const solution = await loadLab<typeof Lab>("01-chunked-prefill", "solution");
  const halfDone = {
    ...solution,
    twoPromptTtfts: ((): never => {
      throw new Error("Not implemented yet: write twoPromptTtfts");
    }) as typeof solution.twoPromptTtfts,
  };
  const lines: string[] = [];
  const lab = await passingOrReference(
    "01-chunked-prefill",
    halfDone,
    CHECKS,
    (l) => lines.push(l),
  );
  assertEquals(lab.numPrefillSteps, halfDone.numPrefillSteps);
  assertEquals(lab.twoPromptTtfts(1000, 1000, 512), [2, 4]);
  assertEquals(lines, [
    "twoPromptTtfts does not pass its checks yet (Error: Not implemented yet: write twoPromptTtfts): the sections below use the reference, solution.ts",
  ]);
  assertEquals(runChecks(halfDone, CHECKS).map((r) => r.passed), [true, false]);
});
