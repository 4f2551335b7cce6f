/**
 * Installs (or refreshes) the `stallfree` Jupyter kernelspec: the Deno kernel,
 * started at the root of the course repository that holds the notebook (found
 * by walking up from the folder Jupyter starts the kernel in, which front ends
 * set to the notebook's folder), so cells find that clone's `deno.json` and
 * bare specifiers (`import { Engine } from "stallfree"`). When Jupyter starts
 * it outside any clone (some editors use the home folder), it falls back to
 * the clone that registered it, and the notebooks' first cell warns
 * (`kernelReport` in `notebooks/lab.ts`). Idempotent.
 *
 * ```sh
 * deno run -A tools/install_kernel.ts
 * ```
 *
 * The spec records absolute paths (the fallback checkout, this `deno`): run it
 * again after moving the repo or reinstalling Deno. Does not install Jupyter or the
 * generic `deno` kernelspec.
 *
 * @module
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The kernelspec's name, which every chapter notebook's metadata names. */
export const KERNEL_NAME = "stallfree";

/** The display name front ends show in their kernel pickers. */
export const KERNEL_DISPLAY_NAME = "Deno (stallfree)";

/** A Jupyter `kernel.json`. */
export interface KernelSpec {
  /** The command line; Jupyter fills in `{connection_file}`. */
  argv: string[];
  /** Shown in kernel pickers. */
  display_name: string;
  /** The cells' language. */
  language: string;
  /** Added to the environment Jupyter passes on (which keeps `LAB_IMPL`). */
  env: Record<string, string>;
}

/**
 * Walks up from the working directory Jupyter gives the kernel to the first
 * folder holding `deno.json` and `notebooks/lab.ts`, else uses `$0` (the
 * registered root), and tells the kernel both through the environment.
 */
const START_IN_NOTEBOOK_REPO = [
  'export STALLFREE_KERNEL_STARTED_IN="$PWD" STALLFREE_KERNEL_REGISTERED_ROOT="$0"',
  'dir="$PWD"',
  'while [ "$dir" != / ] && ! { [ -f "$dir/deno.json" ] && [ -f "$dir/notebooks/lab.ts" ]; }; do dir="$(dirname "$dir")"; done',
  'if [ "$dir" = / ]; then dir="$0"; fi',
  'cd "$dir" && exec "$1" jupyter --kernel --conn "$2"',
].join("; ");

/**
 * The kernelspec that starts `deno` in the course repository holding the
 * notebook, or in `root` when there is none. `NO_COLOR` keeps ANSI colour
 * codes out of the text outputs the notebooks save.
 *
 * @example
 * ```ts
 * import { kernelSpec } from "stallfree/tools/install_kernel.ts";
 * import { assertEquals } from "@std/assert";
 * const spec = kernelSpec("/home/me/stallfree", "/usr/bin/deno");
 * assertEquals(spec.argv.slice(0, 2), ["/bin/bash", "-c"]);
 * assertEquals(spec.argv.slice(3), ["/home/me/stallfree", "/usr/bin/deno", "{connection_file}"]);
 * assertEquals(spec.env, { NO_COLOR: "1" });
 * ```
 */
export function kernelSpec(root: string, deno: string): KernelSpec {
  for (const [name, path] of [["root", root], ["deno", deno]]) {
    if (!path.startsWith("/")) {
      throw new TypeError(`Expected ${name} to be an absolute path but found "${path}"`);
    }
  }
  return {
    // Paths are arguments, not spliced into the script, so spaces are safe.
    argv: [
      "/bin/bash",
      "-c",
      START_IN_NOTEBOOK_REPO,
      root,
      deno,
      "{connection_file}",
    ],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    env: { NO_COLOR: "1" },
  };
}

/** Writes `spec` as `<kernelsDir>/stallfree/kernel.json`, replacing any old one; returns that folder. */
export async function writeKernelSpec(kernelsDir: string, spec: KernelSpec): Promise<string> {
  const dir = join(kernelsDir, KERNEL_NAME);
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "kernel.json"), `${JSON.stringify(spec, null, 2)}\n`);
  return dir;
}

/** This checkout's root: the folder above `tools/`. */
export function repoRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), "..");
}

/** The user's Jupyter data dir, as `jupyter --data-dir` says, or Jupyter's Linux default. */
export async function jupyterDataDir(): Promise<string> {
  try {
    const { success, stdout } = await new Deno.Command("jupyter", {
      args: ["--data-dir"],
      stdout: "piped",
      stderr: "null",
    }).output();
    const dir = new TextDecoder().decode(stdout).trim().split("\n").at(-1) ?? "";
    if (success && dir.startsWith("/")) return dir;
  } catch {
    // No jupyter on PATH: VS Code and a later Jupyter install read the same default.
  }
  const env = (name: string) => Deno.env.get(name);
  return env("JUPYTER_DATA_DIR") ??
    join(env("XDG_DATA_HOME") ?? join(env("HOME") ?? "/root", ".local", "share"), "jupyter");
}

/** Installs the kernelspec for this checkout and this `deno` in the user's kernels folder. */
export async function installKernel(): Promise<string> {
  const dataDir = await jupyterDataDir();
  return await writeKernelSpec(join(dataDir, "kernels"), kernelSpec(repoRoot(), Deno.execPath()));
}

if (import.meta.main) {
  const dir = await installKernel();
  console.log(
    `Installed Jupyter kernelspec "${KERNEL_NAME}" (${KERNEL_DISPLAY_NAME}) at ${dir}: ` +
      `${Deno.execPath()} jupyter, started in the course clone holding the notebook ` +
      `(else ${repoRoot()})`,
  );
}
