/**
 * Reading a workload for `deno task sim`: a regular file of at most 256 MiB,
 * or standard input (`-`), UTF-8 with or without a byte-order mark, parsed and
 * checked before any simulation. Every refusal is one line.
 *
 * @module
 */
import { escapeText } from "../lib/validate.ts";
import { osMessage } from "./sink.ts";
import { checkWorkload, type WorkloadEntry } from "../lib/workload/check_workload.ts";

/** The largest workload file `deno task sim` reads (256 MiB). */
export const MAX_WORKLOAD_FILE_BYTES = 256 * 2 ** 20;

/** Something to read bytes from, as `Deno.stdin` and `Deno.FsFile` are. */
export interface ReaderSync {
  /** Reads into `buffer`; returns how many bytes, or `null` at the end. */
  readSync(buffer: Uint8Array): number | null;
}

/** Where a workload comes from: its name as typed and, for a file, what it is. */
export interface WorkloadSource {
  /** The path as typed, or `-`. */
  name: string;
  /** The open file, or standard input. */
  reader: ReaderSync;
  /** The file's identity, or `undefined` for standard input. */
  info?: Deno.FileInfo;
}

/**
 * Opens the workload at `path` (named in messages as typed, `name`), or
 * standard input for `-`, refusing anything but a regular file of at most
 * `MAX_WORKLOAD_FILE_BYTES` before opening it (so a named pipe with no writer
 * cannot hang it).
 *
 * @example
 * ```ts
 * import { openWorkload } from "stallfree/cli/input.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(() => openWorkload("/", "/"), RangeError, "Cannot read workload file /: not a regular file");
 * ```
 */
export function openWorkload(name: string, path: string): WorkloadSource {
  if (name === "-") return { name, reader: Deno.stdin };
  const fail = (why: string) =>
    new RangeError(`Cannot read workload file ${escapeText(name)}: ${why}`);
  try {
    const info = Deno.statSync(path);
    if (!info.isFile) throw fail("not a regular file");
    if (info.size > MAX_WORKLOAD_FILE_BYTES) {
      throw fail(`${info.size} bytes, above the limit of ${MAX_WORKLOAD_FILE_BYTES}`);
    }
    return { name, reader: Deno.openSync(path), info };
  } catch (error) {
    if (error instanceof RangeError) throw error;
    if (error instanceof Deno.errors.NotCapable) {
      throw fail("not a regular file (for standard input, use --workload -)");
    }
    throw fail(osMessage(error));
  }
}

/**
 * Reads the whole source (never more than the limit), decodes it as UTF-8
 * (dropping a byte-order mark), parses the JSON and checks the workload
 * (prompts are generated later, one request at a time: see `loadEngine` in `sim.ts`).
 *
 * @example
 * ```ts
 * import { readWorkload } from "stallfree/cli/input.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const bytes = new TextEncoder().encode('\ufeff[{"id":"a","arrival":0,"prompt":[1],"maxTokens":1}]');
 * let done = false; // a reader that gives every byte in one go, then the end
 * const reader = { readSync: (p: Uint8Array) => done ? null : (done = true, p.set(bytes), bytes.length) };
 * assertEquals(readWorkload({ name: "-", reader })[0].id, "a");
 * ```
 */
export function readWorkload(source: WorkloadSource): WorkloadEntry[] {
  const what = source.name === "-" ? "Standard input" : `Workload file ${escapeText(source.name)}`;
  let bytes: Uint8Array | undefined;
  try {
    bytes = readAll(source.reader, (source.info?.size ?? 0) + 1);
  } finally {
    if (source.reader instanceof Deno.FsFile) source.reader.close();
  }
  if (bytes === undefined) {
    throw new RangeError(`${what} is above the limit of ${MAX_WORKLOAD_FILE_BYTES} bytes`);
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new RangeError(`${what} is not UTF-8 text`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new RangeError(`${what} is not valid JSON: ${escapeText((error as Error).message, 200)}`);
  }
  try {
    return checkWorkload(data);
  } catch (error) {
    throw new RangeError(`${what} is not a valid workload: ${(error as Error).message}`);
  }
}

/** Every byte up to `MAX_WORKLOAD_FILE_BYTES`, or `undefined` past it. */
function readAll(reader: ReaderSync, sizeHint: number): Uint8Array | undefined {
  let buffer = new Uint8Array(Math.min(Math.max(sizeHint, 1 << 16), MAX_WORKLOAD_FILE_BYTES + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_WORKLOAD_FILE_BYTES) return undefined;
      const grown = new Uint8Array(Math.min(length * 2, MAX_WORKLOAD_FILE_BYTES + 1));
      grown.set(buffer);
      buffer = grown;
    }
    const n = reader.readSync(buffer.subarray(length));
    if (n === null) return buffer.subarray(0, length);
    length += n;
  }
}
