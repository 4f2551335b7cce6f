/**
 * Paths on the command line: resolved from the folder the user typed them in,
 * and split into folder and name. Written here rather than taken from
 * `node:path`, whose loading (Node's compatibility layer) costs each command
 * about 6 ms at start.
 *
 * @module
 */
const WINDOWS = Deno.build.os === "windows";
const SEPARATOR = WINDOWS ? "\\" : "/";

/**
 * `path` resolved from the folder `deno task` was started in (`INIT_CWD`: a
 * task runs in the repo's root), else from the current folder. The result is
 * absolute; `.` and `..` are left for the file system to follow.
 *
 * @example
 * ```ts
 * import { fromUser } from "stallfree/cli/paths.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(fromUser("/tmp/workload.json"), "/tmp/workload.json");
 * ```
 */
export function fromUser(path: string): string {
  const absolute = WINDOWS ? /^(?:[A-Za-z]:)?[\\/]/.test(path) : path.startsWith("/");
  if (absolute) return path;
  return `${Deno.env.get("INIT_CWD") ?? Deno.cwd()}${SEPARATOR}${path}`;
}

/**
 * The folder `path` names a file in, and the file's name.
 *
 * @example
 * ```ts
 * import { splitPath } from "stallfree/cli/paths.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(splitPath("/tmp/trace.jsonl"), { folder: "/tmp", name: "trace.jsonl" });
 * assertEquals(splitPath("/trace.jsonl"), { folder: "/", name: "trace.jsonl" });
 * assertEquals(splitPath("trace.jsonl"), { folder: ".", name: "trace.jsonl" });
 * ```
 */
export function splitPath(path: string): { folder: string; name: string } {
  const cut = WINDOWS
    ? Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"))
    : path.lastIndexOf("/");
  if (cut < 0) return { folder: ".", name: path };
  return { folder: path.slice(0, cut) || path.slice(0, 1), name: path.slice(cut + 1) };
}

/**
 * `name` in `folder`.
 *
 * @example
 * ```ts
 * import { joinPath } from "stallfree/cli/paths.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(joinPath("/tmp", "a.json"), "/tmp/a.json");
 * assertEquals(joinPath("/", "a.json"), "/a.json");
 * ```
 */
export function joinPath(folder: string, name: string): string {
  return folder.endsWith(SEPARATOR) ? `${folder}${name}` : `${folder}${SEPARATOR}${name}`;
}
