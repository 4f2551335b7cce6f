/**
 * `deno task sim`: run a workload file through the engine and print metrics.
 *
 * ```sh
 * deno task sim --workload workloads/spike.json --budget 2048 --threshold 32 --trace trace.jsonl
 * ```
 *
 * Prints one JSON object on stdout. Bad files or flags print one line on
 * stderr, exit with code 2 and write nothing.
 *
 * @module
 */
import { resolve } from "node:path";
import { runWorkload, type WorkloadRun } from "../lib/analysis/run_workload.ts";
import type { StepRecord } from "../lib/engine/step_record.ts";
import { parseWorkload } from "../lib/workload/workload.ts";

const USAGE =
  "Usage: deno task sim --workload FILE [--budget N] [--threshold N] [--max-num-seqs N] [--trace FILE]";

/** The command line, parsed. */
export interface SimArgs {
  /** Path of the workload JSON file. */
  workload: string;
  /** `maxNumBatchedTokens`. @default {2048} */
  budget: number;
  /** `longPrefillTokenThreshold`; 0 is off. @default {0} */
  threshold: number;
  /** `maxNumSeqs`. @default {256} */
  maxNumSeqs: number;
  /** Where to write the per-step trace (JSON lines), if anywhere. */
  trace?: string;
}

const NUMBER_FLAGS = {
  "--budget": ["budget", 1],
  "--threshold": ["threshold", 0],
  "--max-num-seqs": ["maxNumSeqs", 1],
} as const;

/**
 * Parses `args`, throwing a `RangeError` that names the flag and the value.
 *
 * @example
 * ```ts
 * import { parseSimArgs } from "stallfree/cli/sim.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(parseSimArgs(["--workload", "w.json", "--threshold=32"]).threshold, 32);
 * assertThrows(() => parseSimArgs(["--workload", "w.json", "--budget", "0"]), RangeError,
 *   'Expected --budget to be an integer >= 1 but found "0"');
 * ```
 */
export function parseSimArgs(args: readonly string[]): SimArgs {
  const parsed: Partial<SimArgs> = { budget: 2048, threshold: 0, maxNumSeqs: 256 };
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2);
    if (flag !== "--workload" && flag !== "--trace" && !(flag in NUMBER_FLAGS)) {
      throw new RangeError(`Unknown argument ${JSON.stringify(args[i])}. ${USAGE}`);
    }
    const value = inline ?? args[++i];
    if (flag === "--workload" || flag === "--trace") {
      if (value === undefined || value === "") {
        throw new RangeError(`Expected a file path after ${flag}`);
      }
      parsed[flag === "--workload" ? "workload" : "trace"] = value;
    } else {
      const [key, min] = NUMBER_FLAGS[flag as keyof typeof NUMBER_FLAGS];
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < min) {
        const found = value === undefined ? "nothing" : JSON.stringify(value);
        throw new RangeError(`Expected ${flag} to be an integer >= ${min} but found ${found}`);
      }
      parsed[key] = Number(value);
    }
  }
  if (parsed.workload === undefined) throw new RangeError(`Expected --workload FILE. ${USAGE}`);
  return parsed as SimArgs;
}

/** The JSON object `deno task sim` prints. */
export interface SimReport {
  totalSteps: number;
  maxStepTokens: number;
  requestSteps: number;
  tokens: number;
  requests: Record<
    string,
    { ttftSteps: number | null; finishStep: number | null; output: number[] }
  >;
}

/**
 * Shapes a run as the command prints it.
 *
 * @example
 * ```ts
 * import { runWorkload } from "stallfree";
 * import { simReport } from "stallfree/cli/sim.ts";
 * import { assertEquals } from "@std/assert";
 * const report = simReport(runWorkload([{ id: "a", arrival: 0, prompt: [1], maxTokens: 2 }]));
 * assertEquals([report.totalSteps, report.requests.a.ttftSteps], [2, 1]);
 * ```
 */
export function simReport(run: WorkloadRun): SimReport {
  const requests: SimReport["requests"] = {};
  for (const [id, { ttftSteps, finishStep, output }] of Object.entries(run.requests)) {
    requests[id] = { ttftSteps, finishStep, output };
  }
  const { totalSteps, maxStepTokens, requestSteps, tokens } = run;
  return { totalSteps, maxStepTokens, requestSteps, tokens, requests };
}

/**
 * One JSON line per step that ran something: `{"step":0,"scheduled":[["r0",1]]}`.
 *
 * @example
 * ```ts
 * import { traceLines } from "stallfree/cli/sim.ts";
 * import { assertEquals } from "@std/assert";
 * const step = { step: 3, arrived: [], sampled: [], finished: [], scheduled: [{ id: "a", numScheduledTokens: 4, contextLen: 4 }] };
 * assertEquals(traceLines([step]), '{"step":3,"scheduled":[["a",4]]}\n');
 * ```
 */
export function traceLines(steps: readonly StepRecord[]): string {
  return steps.filter((record) => record.scheduled.length > 0)
    .map((record) =>
      JSON.stringify({
        step: record.step,
        scheduled: record.scheduled.map((c) => [c.id, c.numScheduledTokens]),
      }) + "\n"
    ).join("");
}

// `deno task` runs in the repo root; paths are meant from where the user typed them.
const fromUser = (path: string) => resolve(Deno.env.get("INIT_CWD") ?? Deno.cwd(), path);

function readWorkload(path: string) {
  let text: string;
  try {
    text = Deno.readTextFileSync(fromUser(path));
  } catch (error) {
    throw new RangeError(`Cannot read workload file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseWorkload(JSON.parse(text));
  } catch (error) {
    const kind = error instanceof SyntaxError ? "is not valid JSON" : "is not a valid workload";
    throw new RangeError(`Workload file ${path} ${kind}: ${(error as Error).message}`);
  }
}

function main(args: string[]): void {
  if (args.includes("--help") || args.includes("-h")) return console.log(USAGE);
  const options = parseSimArgs(args);
  const workload = readWorkload(options.workload);
  const run = runWorkload(workload, {
    maxNumBatchedTokens: options.budget,
    longPrefillTokenThreshold: options.threshold,
    maxNumSeqs: options.maxNumSeqs,
    trace: options.trace !== undefined,
  });
  if (options.trace !== undefined) {
    try {
      Deno.writeTextFileSync(fromUser(options.trace), traceLines(run.steps!));
    } catch (error) {
      throw new RangeError(`Cannot write trace file ${options.trace}: ${(error as Error).message}`);
    }
  }
  console.log(JSON.stringify(simReport(run)));
}

if (import.meta.main) {
  try {
    main(Deno.args);
  } catch (error) {
    console.error(`sim: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exit(2);
  }
}
