/**
 * Reads the plain CSV files of Vidur's profiles (no quoted fields), and checks
 * that a file is the exact blob its provenance names.
 *
 * @module
 */

/**
 * Rows of `text` as records keyed by the header line.
 *
 * @example
 * ```ts
 * import { parseCsv } from "stallfree/tools/derive/csv.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(parseCsv("a,b\n1,x\n2,y\n"), [{ a: "1", b: "x" }, { a: "2", b: "y" }]);
 * ```
 */
export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split("\n");
  const keys = header.split(",");
  return lines.map((line) => {
    const values = line.split(",");
    if (values.length !== keys.length) {
      throw new RangeError(
        `Expected ${keys.length} fields in every CSV row but found ${values.length}: ${line}`,
      );
    }
    return Object.fromEntries(keys.map((key, i) => [key, values[i]]));
  });
}

/**
 * Git's blob id of `bytes` (what `git hash-object` prints).
 *
 * @example
 * ```ts
 * import { gitBlobId } from "stallfree/tools/derive/csv.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(await gitBlobId(new TextEncoder().encode("hello\n")), "ce013625030ba8dba906f756967f9e9ca394464a");
 * ```
 */
export async function gitBlobId(bytes: Uint8Array): Promise<string> {
  const header = new TextEncoder().encode(`blob ${bytes.length}\0`);
  const data = new Uint8Array(header.length + bytes.length);
  data.set(header);
  data.set(bytes, header.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", data));
  return [...digest].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Reads `path` under `root`, refusing it unless its blob id is `blob`, and
 * parses it.
 *
 * @example
 * ```ts
 * import { readVerifiedCsv } from "stallfree/tools/derive/csv.ts";
 * import { assertRejects } from "@std/assert";
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/x.csv`, "a\n1\n");
 * await assertRejects(() => readVerifiedCsv(root, "x.csv", "0".repeat(40)), Error, "blob id");
 * ```
 */
export async function readVerifiedCsv(
  root: string,
  path: string,
  blob: string,
): Promise<Record<string, string>[]> {
  const bytes = await Deno.readFile(`${root}/${path}`);
  const found = await gitBlobId(bytes);
  if (found !== blob) {
    throw new Error(`Expected ${path} to have blob id ${blob} but found ${found}`);
  }
  return parseCsv(new TextDecoder().decode(bytes));
}
