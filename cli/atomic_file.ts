/**
 * A file replaced only on success: written to a temporary file beside it,
 * then renamed over it, so a failure at any point leaves the earlier file as
 * it was and no temporary file behind.
 *
 * @module
 */
import { joinPath, splitPath } from "./paths.ts";
import { escapeText } from "../lib/validate.ts";
import { failingAs, osMessage, Sink } from "./sink.ts";

/**
 * A file written in full or not at all: text goes to a new temporary file in
 * the target's folder, and `commit()` renames it over the target. `discard()`
 * removes it, leaving any earlier file untouched. A symbolic link is followed,
 * so the file it points to is the one replaced.
 *
 * @example
 * ```ts
 * import { AtomicFile } from "stallfree/cli/atomic_file.ts";
 * import { assertEquals } from "@std/assert";
 * const dir = Deno.makeTempDirSync();
 * Deno.writeTextFileSync(`${dir}/t.txt`, "old");
 * const failed = AtomicFile.create(`${dir}/t.txt`, "t.txt");
 * failed.sink.write("half");
 * failed.discard();
 * assertEquals([Deno.readTextFileSync(`${dir}/t.txt`), [...Deno.readDirSync(dir)].length], ["old", 1]);
 * const file = AtomicFile.create(`${dir}/t.txt`, "t.txt");
 * file.sink.write("new");
 * file.commit();
 * assertEquals(Deno.readTextFileSync(`${dir}/t.txt`), "new");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export class AtomicFile {
  /** Where the text goes until `commit()`. */
  readonly sink: Sink;
  /** The file `commit()` replaces, links resolved. */
  readonly target: string;
  /** The target's identity if it exists already. */
  readonly info?: Deno.FileInfo;
  #temp: string;
  #file: Deno.FsFile;

  #fail: (why: string) => RangeError;

  private constructor(
    [target, info]: [string, Deno.FileInfo | undefined],
    [temp, file]: [string, Deno.FsFile],
    fail: (why: string) => RangeError,
  ) {
    this.target = target;
    this.info = info;
    this.#temp = temp;
    this.#file = file;
    this.#fail = fail;
    this.sink = new Sink(failingAs(file, fail));
  }

  /**
   * Creates the temporary file for `path` (named in messages as `name`),
   * refusing a target that exists and is not a regular file, or a folder that
   * does not exist or cannot be written, with a `RangeError`.
   */
  static create(path: string, name: string): AtomicFile {
    const fail = (why: string) => new RangeError(`Cannot write ${escapeText(name)}: ${why}`);
    let target = path, info: Deno.FileInfo | undefined;
    try {
      target = Deno.realPathSync(path);
      info = Deno.statSync(target);
    } catch (error) {
      if (error instanceof Deno.errors.NotCapable) throw fail("not a regular file"); // /dev, /proc
      if (!(error instanceof Deno.errors.NotFound)) throw fail(osMessage(error));
      if (statOf(path, Deno.lstatSync)) throw fail("a link to nowhere");
      if (!statOf(splitPath(path).folder, Deno.statSync)?.isDirectory) throw fail("no such folder");
    }
    if (info && !info.isFile) throw fail("not a regular file");
    const { folder, name: file } = splitPath(target);
    const temp = joinPath(folder, `.${file}.${crypto.randomUUID()}.tmp`);
    try {
      const file = Deno.openSync(temp, { write: true, createNew: true, mode: info?.mode ?? 0o666 });
      return new AtomicFile([target, info], [temp, file], fail);
    } catch (error) {
      throw fail(osMessage(error));
    }
  }

  /** Flushes, closes and renames the temporary file over the target. */
  commit(): void {
    this.sink.flush();
    try {
      this.#file.close();
      Deno.renameSync(this.#temp, this.target);
    } catch (error) {
      throw this.#fail(osMessage(error));
    }
  }

  /** Closes and removes the temporary file; the target stays as it was. */
  discard(): void {
    try {
      this.#file.close();
    } catch { /* already closed by a failed commit */ }
    try {
      Deno.removeSync(this.#temp);
    } catch { /* already gone */ }
  }
}

function statOf(path: string, stat: (path: string) => Deno.FileInfo): Deno.FileInfo | undefined {
  try {
    return stat(path);
  } catch {
    return undefined;
  }
}
