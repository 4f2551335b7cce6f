/**
 * A buffered sink that streams text in 64 KiB pieces, so no output is ever one
 * giant string, and the one-line form of a failed write.
 *
 * @module
 */
import { escapeText } from "../lib/validate.ts";

/** Something to write bytes to, as `Deno.stdout` and `Deno.FsFile` are. */
export interface WriterSync {
  /** Writes some of `bytes`; returns how many. */
  writeSync(bytes: Uint8Array): number;
}

/**
 * Buffers text and writes it out as UTF-8 whenever 64 KiB have gathered.
 *
 * @example
 * ```ts
 * import { Sink } from "stallfree/cli/sink.ts";
 * import { assertEquals } from "@std/assert";
 * const chunks: Uint8Array[] = [];
 * const sink = new Sink({ writeSync: (bytes) => (chunks.push(bytes.slice()), bytes.length) });
 * sink.write("héllo ");
 * sink.write("world\n");
 * sink.flush();
 * assertEquals(new TextDecoder().decode(chunks[0]), "héllo world\n");
 * ```
 */
export class Sink {
  #writer: WriterSync;
  #buffer = new Uint8Array(1 << 16);
  #used = 0;
  #encoder = new TextEncoder();

  /** Writes to `writer`, nothing until 64 KiB have gathered or `flush()`. */
  constructor(writer: WriterSync) {
    this.#writer = writer;
  }

  /** Adds `text`. */
  write(text: string): void {
    for (;;) {
      const { read, written } = this.#encoder.encodeInto(text, this.#buffer.subarray(this.#used));
      this.#used += written;
      if (read === text.length) return;
      text = text.slice(read);
      this.flush();
    }
  }

  /** Writes out everything gathered so far. */
  flush(): void {
    let done = 0;
    while (done < this.#used) {
      done += this.#writer.writeSync(this.#buffer.subarray(done, this.#used));
    }
    this.#used = 0;
  }
}

/**
 * `writer`, with each error it throws turned into the `RangeError` `fail` makes
 * of its message.
 *
 * @example
 * ```ts
 * import { failingAs } from "stallfree/cli/sink.ts";
 * import { assertThrows } from "@std/assert";
 * const full = { writeSync: (): number => { throw new Error("No space left on device (os error 28)"); } };
 * const writer = failingAs(full, (why) => new RangeError(`Cannot write t.jsonl: ${why}`));
 * assertThrows(() => writer.writeSync(new Uint8Array(1)), RangeError,
 *   "Cannot write t.jsonl: No space left on device (os error 28)");
 * ```
 */
export function failingAs(writer: WriterSync, fail: (why: string) => Error): WriterSync {
  return {
    writeSync(bytes) {
      try {
        return writer.writeSync(bytes);
      } catch (error) {
        throw fail(osMessage(error));
      }
    },
  };
}

/**
 * An operating-system error's message without the path Deno appends (the
 * caller names the file as the user typed it), escaped for one line.
 *
 * @example
 * ```ts
 * import { osMessage } from "stallfree/cli/sink.ts";
 * import { assertEquals } from "@std/assert";
 * const error = new Error("Permission denied (os error 13): open '/x/.t.tmp'");
 * assertEquals(osMessage(error), "Permission denied (os error 13)");
 * ```
 */
export function osMessage(error: unknown): string {
  return escapeText(String((error as Error)?.message ?? error).replace(/: \w+ '.*'$/s, ""), 200);
}
