// deno task grade, run as a learner runs it, on the untouched starters.
import { assert, assertEquals } from "@std/assert";

const assertStringIncludes = (text: string, part: string) =>
  assert(
    text.includes(part),
    `Expected ${JSON.stringify(text)} to include ${JSON.stringify(part)}`,
  );

const ROOT = new URL("..", import.meta.url).pathname;

async function grade(...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/grade.ts", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

Deno.test("tools/grade.ts grades one chapter's untouched starter: a FAIL line per check and per notebook", async () => {
  const { code, out } = await grade("0");
  assertEquals(code, 1);
  const lines = out.trim().split("\n");
  assertEquals(lines[0], `00-engine-tour: ${ROOT}notebooks/00-engine-tour/starter.ts`);
  assertStringIncludes(lines[1], "FAIL  chunkSizes() reads a probe's records");
  assertStringIncludes(lines[1], "Not implemented yet: write chunkSizes(records, id)");
  assertStringIncludes(lines[2], "FAIL  notebook cells, top to bottom");
  assertStringIncludes(lines[2], "code cell ");
  assertEquals(lines.at(-1), "  0 of 2 passed");
});

Deno.test("tools/grade.ts refuses an unknown chapter in one line, exit 2", async () => {
  const { code, out, err } = await grade("7");
  assertEquals([code, out], [2, ""]);
  assertStringIncludes(err, "Expected CHAPTER to be one of 00-engine-tour, ");
  assertEquals(err.trim().split("\n").length, 1);
});
