/**
 * The command line of `deno task book:smoke` (`tools/book/smoke_notebook.ts`).
 *
 * @module
 */
import { join } from "node:path";

/** What {@linkcode parseSmokeArgs} reads. */
export interface SmokeOptions {
  /** The notebooks to run; every chapter when empty. */
  notebooks: string[];
  /** How many Run Alls per notebook. @default {6} */
  runs: number;
  /** Where `notebook-smoke-NAME.png` goes. @default {"site/screenshots"} */
  screenshots: string;
}

/**
 * Reads the command line: notebooks, `--runs N` and `--screenshots DIR`.
 *
 * @example
 * ```ts
 * import { parseSmokeArgs } from "stallfree/tools/book/smoke_args.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(parseSmokeArgs(["a.ipynb", "--screenshots", "shots", "--runs=2", "b.ipynb"]), {
 *   notebooks: ["a.ipynb", "b.ipynb"],
 *   runs: 2,
 *   screenshots: "shots",
 * });
 * assertEquals(parseSmokeArgs([]), { notebooks: [], runs: 6, screenshots: "site/screenshots" });
 * assertThrows(() => parseSmokeArgs(["--runs", "0"]), TypeError, "Expected --runs to be an integer >= 1 but found 0");
 * assertThrows(() => parseSmokeArgs(["--bogus"]), TypeError, "Expected a notebook, --runs N or --screenshots DIR but found --bogus");
 * ```
 */
export function parseSmokeArgs(args: string[]): SmokeOptions {
  const rest = [...args];
  const options: SmokeOptions = {
    notebooks: [],
    runs: 6,
    screenshots: join("site", "screenshots"),
  };
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const flag = arg.split("=")[0];
    if (flag === "--screenshots" || flag === "--runs") {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : rest.shift();
      if (!value) throw new TypeError(`Expected a value after ${flag} but found none`);
      if (flag === "--screenshots") options.screenshots = value;
      else if (/^[1-9]\d*$/.test(value)) options.runs = Number(value);
      else throw new TypeError(`Expected --runs to be an integer >= 1 but found ${value}`);
    } else if (arg.startsWith("-")) {
      throw new TypeError(`Expected a notebook, --runs N or --screenshots DIR but found ${arg}`);
    } else {
      options.notebooks.push(arg);
    }
  }
  return options;
}
