/**
 * Where the Vidur reference data sits beside the repository, and whether it is
 * there: tests that re-derive from it are ignored, with the path in their
 * name, when it is not.
 *
 * @module
 */

/** `../shared/data/vidur` from the repository root. */
export const vidurDir = new URL("../../shared/data/vidur", import.meta.url).pathname;

/** Whether `path` exists. */
export function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A test name, with why it is ignored when `path` is missing. */
export function nameNeeding(name: string, path: string): string {
  return exists(path) ? name : `${name} (ignored: ${path} not found)`;
}
