/**
 * Chooses whose exercise code a chapter runs: the reference `solution.ts`, or
 * the learner's `starter.ts` when `LAB_IMPL=starter`. Notebooks and tests call
 * the same function, so a grader sees exactly the failures a learner sees.
 *
 * @module
 */

/** Which implementation a chapter loads. */
export type LabImpl = "solution" | "starter";

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
  const value = Deno.env.get("LAB_IMPL") ?? "solution";
  if (value !== "solution" && value !== "starter") {
    throw new RangeError(`Expected LAB_IMPL to be "solution" or "starter" but found "${value}"`);
  }
  return value;
}

/**
 * Imports `notebooks/<chapter>/<impl>.ts`, `impl` from {@linkcode labImpl}
 * unless given.
 *
 * @example
 * ```ts
 * import { loadLab } from "stallfree/notebooks/lab.ts";
 * import { assertEquals } from "@std/assert";
 * const lab = await loadLab<typeof import("stallfree/notebooks/00-engine-tour/solution.ts")>(
 *   "00-engine-tour",
 *   "solution",
 * );
 * assertEquals(typeof lab.chunkSizes, "function");
 * ```
 */
export async function loadLab<T = Record<string, unknown>>(
  chapter: string,
  impl: LabImpl = labImpl(),
): Promise<T> {
  if (!/^\d\d-[a-z0-9-]+$/.test(chapter)) {
    throw new RangeError(
      `Expected chapter to be a folder name like "00-engine-tour" but found "${chapter}"`,
    );
  }
  return await import(new URL(`./${chapter}/${impl}.ts`, import.meta.url).href);
}
