// The kernelspec's start-up script, run for real with a stand-in for deno.
import { kernelSpec } from "../tools/install_kernel.ts";
import { assertEquals } from "@std/assert";

/** Runs the spec's argv from `cwd`, with a fake deno that prints where it started. */
async function startFrom(cwd: string, registeredRoot: string, fakeDeno: string) {
  const [command, ...args] = kernelSpec(registeredRoot, fakeDeno).argv
    .map((arg) => arg === "{connection_file}" ? "conn.json" : arg);
  const { stdout } = await new Deno.Command(command, { args, cwd, stdout: "piped" }).output();
  return new TextDecoder().decode(stdout).trim().split("|");
}

Deno.test("kernelSpec() starts the kernel in the clone holding the notebook, else the registered one", async () => {
  const tmp = await Deno.realPath(await Deno.makeTempDir());
  try {
    const fakeDeno = `${tmp}/deno`;
    await Deno.writeTextFile(
      fakeDeno,
      '#!/bin/sh\necho "$PWD|$STALLFREE_KERNEL_STARTED_IN|$STALLFREE_KERNEL_REGISTERED_ROOT|$*"\n',
    );
    await Deno.chmod(fakeDeno, 0o755);
    for (const clone of ["registered", "other"]) {
      await Deno.mkdir(`${tmp}/${clone}/notebooks/01-chunked-prefill`, { recursive: true });
      await Deno.writeTextFile(`${tmp}/${clone}/deno.json`, "{}");
      await Deno.writeTextFile(`${tmp}/${clone}/notebooks/lab.ts`, "");
    }
    const registered = `${tmp}/registered`;
    const notebookDir = `${tmp}/other/notebooks/01-chunked-prefill`;
    assertEquals(await startFrom(notebookDir, registered, fakeDeno), [
      `${tmp}/other`,
      notebookDir,
      registered,
      "jupyter --kernel --conn conn.json",
    ]);
    // Outside any clone (an editor starting kernels in the home folder): the registered clone.
    assertEquals((await startFrom(tmp, registered, fakeDeno)).slice(0, 2), [registered, tmp]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
