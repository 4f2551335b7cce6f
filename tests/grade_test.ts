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

Deno.test("tools/grade.ts grades one chapter's untouched starter: a FAIL line per check, the notebook apart", async () => {
  const { code, out } = await grade("0");
  assertEquals(code, 1);
  const lines = out.trim().split("\n");
  assertEquals(lines[0], `00-engine-tour: ${ROOT}notebooks/00-engine-tour/starter.ts`);
  assertEquals(lines[1], "  FAIL  chunkSizes() reads a probe's records");
  assertStringIncludes(lines[2], "Not implemented yet: write chunkSizes(records, id)");
  // The message is whole: the starter's "(asked for ...)" tail is not cut off.
  assertStringIncludes(lines[2], '(asked for "long" over 6 records)');
  assertEquals(lines[3], "  0 of 1 exercise checks passed");
  // The notebook runs top to bottom on the starter, falling back to the reference.
  assertEquals(lines.slice(5), ["  PASS  notebook cells, top to bottom"]);
});

Deno.test("tools/grade.ts counts only exercise checks: an untouched starter scores 0 though the engine's checks pass", async () => {
  const { code, out } = await grade("02");
  assertEquals(code, 1);
  const lines = out.trim().split("\n");
  assertEquals(lines.filter((l) => l.includes("exercise checks passed")), [
    "  0 of 3 exercise checks passed",
  ]);
  const counted = lines.slice(0, lines.indexOf("  0 of 3 exercise checks passed"));
  assertEquals(counted.some((l) => l.startsWith("  PASS")), false);
  const apart = lines.slice(lines.indexOf("  0 of 3 exercise checks passed") + 2);
  assertStringIncludes(apart.join("\n"), "  PASS  assertion 3: the victim's tokens are identical");
  assertStringIncludes(apart.join("\n"), "  PASS  assertion 4: the victim is never starved");
});

Deno.test("tools/grade.ts refuses an unknown chapter in one line, exit 2", async () => {
  const { code, out, err } = await grade("7");
  assertEquals([code, out], [2, ""]);
  assertStringIncludes(err, "Expected CHAPTER to be one of 00-engine-tour, ");
  assertEquals(err.trim().split("\n").length, 1);
});
