/**
 * The command line of `deno task sim`, parsed. Flags keep their short names
 * (`--budget`, `--threshold`); the parsed record uses vLLM's, and the defaults
 * are the engine's own.
 *
 * @module
 */
import { DEFAULT_CONFIG, type EngineConfig } from "../lib/engine/config.ts";
import { type MemoryConfig, POLICIES, type SchedulingPolicy } from "../lib/engine/memory_config.ts";
import { describeValue } from "../lib/validate.ts";

/** What `--help` prints, and what a refusal of the whole command line ends with. */
export const USAGE: string =
  "Usage: deno task sim --workload FILE|- [--budget N] [--threshold N] " +
  "[--max-num-seqs N] [--num-kv-blocks N] [--block-size N] [--prefix-caching] " +
  "[--reserve-full-prompt] [--policy NAME] [--kv-watermark X] [--trace FILE] [--no-outputs]";

/** The command line, parsed. The knobs default to `DEFAULT_CONFIG`'s. */
export interface SimArgs
  extends
    Pick<EngineConfig, "maxNumBatchedTokens" | "longPrefillTokenThreshold" | "maxNumSeqs">,
    Partial<MemoryConfig> {
  /** Path of the workload JSON file, or `-` for standard input. */
  workload: string;
  /** Where to write the per-step trace (JSON lines), if anywhere. */
  trace?: string;
  /** Whether the report lists each request's output token ids. @default {true} */
  outputs: boolean;
}

const NUMBER_FLAGS: Record<
  string,
  [
    | "maxNumBatchedTokens"
    | "longPrefillTokenThreshold"
    | "maxNumSeqs"
    | "numKvBlocks"
    | "blockSize",
    number,
  ]
> = {
  "--budget": ["maxNumBatchedTokens", 1],
  "--threshold": ["longPrefillTokenThreshold", 0],
  "--max-num-seqs": ["maxNumSeqs", 1],
  "--num-kv-blocks": ["numKvBlocks", 1],
  "--block-size": ["blockSize", 1],
};
// Flags that take no value, and the field each sets (to false or true).
const SWITCHES: Record<string, ["outputs" | "enablePrefixCaching" | "reserveFullPrompt", boolean]> =
  {
    "--no-outputs": ["outputs", false],
    "--prefix-caching": ["enablePrefixCaching", true],
    "--reserve-full-prompt": ["reserveFullPrompt", true],
  };
const OTHER_FLAGS = ["--policy", "--kv-watermark"];
const PATH_FLAGS: Record<string, "workload" | "trace"> = {
  "--workload": "workload",
  "--trace": "trace",
};

/**
 * Parses `args`, throwing a `RangeError` that names the flag as typed and
 * quotes the value as typed.
 *
 * @example
 * ```ts
 * import { parseSimArgs } from "stallfree/cli/args.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const args = parseSimArgs(["--workload", "w.json", "--threshold=32"]);
 * assertEquals([args.longPrefillTokenThreshold, args.maxNumBatchedTokens], [32, 2048]);
 * assertThrows(() => parseSimArgs(["--workload", "w.json", "--budget", "0"]), RangeError,
 *   'Expected --budget to be an integer >= 1 but found "0"');
 * ```
 */
export function parseSimArgs(args: readonly string[]): SimArgs {
  const { maxNumBatchedTokens, longPrefillTokenThreshold, maxNumSeqs } = DEFAULT_CONFIG;
  const parsed: Partial<SimArgs> = { maxNumBatchedTokens, longPrefillTokenThreshold, maxNumSeqs };
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (
      !(flag in NUMBER_FLAGS || flag in PATH_FLAGS || flag in SWITCHES ||
        OTHER_FLAGS.includes(flag))
    ) {
      throw new RangeError(`Unknown argument ${describeValue(args[i])}. ${USAGE}`);
    }
    if (seen.has(flag)) throw new RangeError(`Expected ${flag} at most once but found it twice`);
    seen.add(flag);
    if (flag in SWITCHES) {
      if (inline !== undefined) {
        throw new RangeError(
          `Expected ${flag} to take no value but found ${describeValue(inline)}`,
        );
      }
      const [key, value] = SWITCHES[flag];
      parsed[key] = value;
      continue;
    }
    const value = inline ?? (args[i + 1]?.startsWith("--") ? undefined : args[++i]);
    const found = value === undefined ? "nothing" : describeValue(value);
    if (flag in PATH_FLAGS) {
      if (!value) throw new RangeError(`Expected a file path after ${flag} but found ${found}`);
      parsed[PATH_FLAGS[flag]] = value;
      continue;
    }
    if (flag === "--policy") {
      if (!POLICIES.includes(value as SchedulingPolicy)) {
        throw new RangeError(
          `Expected --policy to be one of ${POLICIES.join(", ")} but found ${found}`,
        );
      }
      parsed.policy = value as SchedulingPolicy;
      continue;
    }
    if (flag === "--kv-watermark") {
      const number = Number(value);
      if (value === undefined || !/^\d*\.?\d+$/.test(value) || !(number >= 0 && number <= 1)) {
        throw new RangeError(`Expected --kv-watermark to be a number in [0, 1] but found ${found}`);
      }
      parsed.kvWatermark = number;
      continue;
    }
    const [key, min] = NUMBER_FLAGS[flag];
    const number = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || number < min) {
      throw new RangeError(`Expected ${flag} to be an integer >= ${min} but found ${found}`);
    }
    if (!Number.isSafeInteger(number)) {
      throw new RangeError(
        `Expected ${flag} to be an integer >= ${min} but found ${found}, above ${Number.MAX_SAFE_INTEGER}`,
      );
    }
    parsed[key] = number;
  }
  if (parsed.workload === undefined) throw new RangeError(`Expected --workload FILE. ${USAGE}`);
  for (const flag of ["--prefix-caching", "--reserve-full-prompt"]) {
    if (seen.has(flag) && parsed.numKvBlocks === undefined) {
      throw new RangeError(`Expected --num-kv-blocks N with ${flag} but found no --num-kv-blocks`);
    }
  }
  if (parsed.trace === "-") {
    throw new RangeError(
      'Expected --trace to be a file path but found "-": standard output carries the report',
    );
  }
  return { outputs: true, ...parsed } as SimArgs;
}
