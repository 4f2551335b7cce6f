/**
 * The flags `deno task capacity` and `deno task tune` share, and how each is
 * read: `--flag value` or `--flag=value`, every value checked against its
 * rule, one line naming the flag, the value as typed and the rule on the
 * first fault.
 *
 * @module
 */
import { PROFILE_NAMES } from "../lib/time/profiles.ts";
import type { CapacityWorkload } from "../lib/tuning/workload_at_rate.ts";
import { requestLengthTables } from "../lib/workload/request_length_tables.ts";
import { readTraceCsv } from "../lib/workload/trace_csv.ts";
import { fromUser } from "./paths.ts";

/** How each flag's value is read: a name, a choice, an integer or a list of integers. */
export type FlagRule =
  | { kind: "integer"; min: number }
  | { kind: "integers"; min: number }
  | { kind: "choice"; values: readonly string[] }
  | { kind: "text" };

/** A command's flags: each one's rule and default (`undefined`: optional, `null`: required). */
export type FlagSpec = Record<string, { rule: FlagRule; default: unknown }>;

/** The flags both commands read. */
export const COMMON_FLAGS = {
  "--model": { rule: { kind: "choice", values: PROFILE_NAMES }, default: null },
  "--workload": { rule: { kind: "text" }, default: null },
  "--slo-tbt-ms": { rule: { kind: "integer", min: 1 }, default: null },
  "--slo-ttft-ms": { rule: { kind: "integer", min: 1 }, default: undefined },
  "--requests": { rule: { kind: "integer", min: 1 }, default: 2048 },
  "--seed": { rule: { kind: "integer", min: 0 }, default: 0 },
} as const satisfies FlagSpec;

function readValue(flag: string, rule: FlagRule, typed: string | undefined): unknown {
  const found = typed === undefined ? "nothing" : JSON.stringify(typed);
  const fail = (expected: string) =>
    new RangeError(`Expected ${flag} to be ${expected} but found ${found}`);
  if (rule.kind === "choice") {
    if (typed === undefined || !rule.values.includes(typed)) {
      throw fail(`one of ${rule.values.join(", ")}`);
    }
    return typed;
  }
  if (rule.kind === "text") {
    if (typed === undefined || typed === "") throw fail("a non-empty value");
    return typed;
  }
  const isInteger = (text: string) => /^\d+$/.test(text) && Number(text) >= rule.min;
  if (rule.kind === "integer") {
    if (typed === undefined || !isInteger(typed)) throw fail(`an integer >= ${rule.min}`);
    return Number(typed);
  }
  const items = typed?.split(",") ?? [];
  if (items.length === 0 || !items.every(isInteger)) {
    throw fail(`a comma-separated list of integers >= ${rule.min}`);
  }
  return items.map(Number);
}

/**
 * Reads `args` against `spec` into an object keyed by flag (`--budget`),
 * defaults filled in. Throws a `RangeError` naming the first bad flag, or
 * the first missing required one.
 *
 * @example
 * ```ts
 * import { parseFlags } from "stallfree/cli/tuning_args.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const spec = { "--budget": { rule: { kind: "integer", min: 1 }, default: 2048 } } as const;
 * assertEquals(parseFlags(["--budget=512"], spec, "usage"), { "--budget": 512 });
 * assertThrows(() => parseFlags(["--budget", "0"], spec, "usage"), RangeError,
 *   'Expected --budget to be an integer >= 1 but found "0"');
 * ```
 */
export function parseFlags(
  args: readonly string[],
  spec: FlagSpec,
  usage: string,
): Record<string, unknown> {
  const parsed: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (!Object.hasOwn(spec, flag)) {
      throw new RangeError(`Unknown argument ${JSON.stringify(args[i])}. ${usage}`);
    }
    if (flag in parsed) throw new RangeError(`Expected ${flag} at most once but found it twice`);
    // As `deno task sim` reads them: a flag right after a flag is a missing value.
    const typed = inline ?? (args[i + 1]?.startsWith("--") ? undefined : args[++i]);
    parsed[flag] = readValue(flag, spec[flag].rule, typed);
  }
  for (const [flag, { default: value }] of Object.entries(spec)) {
    if (flag in parsed) continue;
    if (value === null) throw new RangeError(`Expected ${flag}, which is required. ${usage}`);
    if (value !== undefined) parsed[flag] = value;
  }
  return parsed;
}

/**
 * The workload `--workload` names: a trace's length table (`chat`, `code`,
 * `arxiv`) or a CSV trace file, read from where the user typed the command.
 *
 * @example
 * ```ts
 * import { workloadOf } from "stallfree/cli/tuning_args.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(workloadOf("chat"), { lengths: "chat" });
 * ```
 */
export function workloadOf(value: string): CapacityWorkload {
  if (Object.hasOwn(requestLengthTables, value)) {
    return { lengths: value as keyof typeof requestLengthTables };
  }
  const path = fromUser(value);
  let isFile = false;
  try {
    isFile = Deno.statSync(path).isFile;
  } catch {
    // isFile stays false: the message below says what was expected.
  }
  if (!isFile) {
    const names = Object.keys(requestLengthTables).join(", ");
    throw new RangeError(
      `Expected --workload to be one of ${names} or a CSV trace file but found ${
        JSON.stringify(value)
      } (no such regular file)`,
    );
  }
  return { trace: readTraceCsv(path) };
}

/**
 * Runs `main` as a command named `name`: a `RangeError` or `TypeError` (bad
 * input) prints one line and exits 2, `failures` (an honest "no answer")
 * prints one line and exits 1; anything else is a bug and propagates.
 */
export function runCommand(
  name: string,
  main: () => string,
  failures: readonly (new (...args: never[]) => Error)[],
): void {
  try {
    console.log(main());
  } catch (error) {
    const line = `${name}: ${(error as Error).message.split("\n")[0]}`;
    if (failures.some((type) => error instanceof type)) {
      console.error(line);
      Deno.exit(1);
    }
    if (error instanceof RangeError || error instanceof TypeError) {
      console.error(line);
      Deno.exit(2);
    }
    throw error;
  }
}
