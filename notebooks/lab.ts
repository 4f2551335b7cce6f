/**
 * Chooses whose exercise code a chapter runs: the reference `solution.ts`, or
 * the learner's `starter.ts`. Notebooks and tests call the same functions, so
 * a grader sees exactly the failures a learner sees. Every load reads the
 * file again, so an edit to `starter.ts` counts without restarting Jupyter.
 *
 * @module
 */
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** Which implementation a chapter loads. */
export type LabImpl = "solution" | "starter";

/** This repository's root: the folder above `notebooks/`. */
export const LAB_ROOT: string = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Reads `LAB_IMPL` (default `solution`), refusing anything else by name.
 *
 * @example
 * ```ts
 * import { labImpl } from "stallfree/notebooks/lab.ts";
 * import { assert } from "@std/assert";
 * assert(["solution", "starter"].includes(labImpl()));
 * ```
 */
export function labImpl(): LabImpl {
  return requireImpl("LAB_IMPL", Deno.env.get("LAB_IMPL") ?? "solution");
}

function requireImpl(field: string, value: unknown): LabImpl {
  if (value !== "solution" && value !== "starter") {
    throw new RangeError(
      `Expected ${field} to be "solution" or "starter" but found ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * The absolute path of `notebooks/<chapter>/<impl>.ts`.
 *
 * @example
 * ```ts
 * import { LAB_ROOT, labPath } from "stallfree/notebooks/lab.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(labPath("00-engine-tour", "starter"), `${LAB_ROOT}/notebooks/00-engine-tour/starter.ts`);
 * ```
 */
export function labPath(chapter: string, impl: LabImpl): string {
  if (!/^\d\d-[a-z0-9-]+$/.test(chapter)) {
    throw new RangeError(
      `Expected chapter to be a folder name like "00-engine-tour" but found ${
        JSON.stringify(chapter)
      }`,
    );
  }
  return join(LAB_ROOT, "notebooks", chapter, `${requireImpl("impl", impl)}.ts`);
}

let loads = 0;

/**
 * Imports `notebooks/<chapter>/<impl>.ts` afresh (`impl` from
 * {@linkcode labImpl} unless given): each call reads the file again, so the
 * learner's latest edit runs. `announce` receives one line naming the file.
 *
 * @example
 * ```ts
 * import { loadLab } from "stallfree/notebooks/lab.ts";
 * import { assertEquals } from "@std/assert";
 * const lines: string[] = [];
 * const lab = await loadLab<typeof import("stallfree/notebooks/00-engine-tour/solution.ts")>(
 *   "00-engine-tour",
 *   "solution",
 *   (line) => lines.push(line),
 * );
 * assertEquals(typeof lab.chunkSizes, "function");
 * assertEquals(lines[0].startsWith("Loaded /") && lines[0].endsWith("/notebooks/00-engine-tour/solution.ts"), true);
 * ```
 */
export async function loadLab<T = Record<string, unknown>>(
  chapter: string,
  impl: LabImpl = labImpl(),
  announce?: (line: string) => void,
): Promise<T> {
  const path = labPath(chapter, impl);
  const module = await import(`${pathToFileURL(path).href}?load=${++loads}`);
  announce?.(`Loaded ${path}`);
  return module as T;
}

/**
 * One line for a notebook's first cell: which repository's code the kernel
 * runs, which implementation `LAB_IMPL` selects, and a warning when Jupyter
 * started the kernel outside that repository (the notebook then belongs to
 * another clone). The `stallfree` kernelspec sets the two variables it reads.
 *
 * @example
 * ```ts
 * import { kernelReport, LAB_ROOT } from "stallfree/notebooks/lab.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(kernelReport({}).startsWith(`Course code: ${LAB_ROOT}`), true);
 * assertEquals(
 *   kernelReport({ STALLFREE_KERNEL_STARTED_IN: "/elsewhere/clone/notebooks/01" }).startsWith("Warning:"),
 *   true,
 * );
 * ```
 */
export function kernelReport(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): string {
  const startedIn = env.STALLFREE_KERNEL_STARTED_IN;
  const registered = env.STALLFREE_KERNEL_REGISTERED_ROOT;
  const report = `Course code: ${LAB_ROOT} · exercises from ${labImpl()}.ts (LAB_IMPL)` +
    (registered && registered !== LAB_ROOT ? ` · kernel registered from ${registered}` : "");
  if (startedIn === undefined) return report;
  const inside = !relative(LAB_ROOT, startedIn).startsWith("..");
  if (inside) return report;
  return `Warning: Jupyter started this kernel in ${startedIn}, outside ${LAB_ROOT}, ` +
    `so the cells run ${LAB_ROOT}'s code, not that folder's. Open the notebook from the ` +
    `repository you mean to run. ${report}`;
}
