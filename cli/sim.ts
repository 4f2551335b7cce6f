/**
 * `deno task sim`: run a workload file through the engine and print metrics.
 *
 * ```sh
 * deno task sim --workload workloads/spike.json --budget 2048 --threshold 32 --trace trace.jsonl
 * deno task sim --workload workloads/spike.json --num-kv-blocks 64 --prefix-caching --policy prefill-priority
 * ```
 *
 * Prints one JSON object on stdout, streamed. Bad files or flags print one
 * line on stderr and exit with code 2, before any simulation; the trace file
 * is replaced only when the run succeeds.
 *
 * @module
 */
import { DEFAULT_CONFIG, type EngineConfig } from "../lib/engine/config.ts";
import { Engine } from "../lib/engine/engine.ts";
import { tokenIdArray } from "../lib/engine/request.ts";
import type { WorkloadEntry } from "../lib/workload/check_workload.ts";
import { writePromptFromId } from "../lib/workload/workload.ts";
import { describeValue, escapeText } from "../lib/validate.ts";
import { parseSimArgs, USAGE } from "./args.ts";
import { openWorkload, readWorkload, type WorkloadSource } from "./input.ts";
import { AtomicFile } from "./atomic_file.ts";
import { fromUser } from "./paths.ts";
import { failingAs, Sink } from "./sink.ts";
import { Progress } from "./progress.ts";
import { type TextSink, traceLine, writeReport } from "./report.ts";

export { parseSimArgs, type SimArgs } from "./args.ts";
export type { SimReport } from "./report.ts";

function openTrace(name: string, workload: WorkloadSource): AtomicFile {
  const trace = AtomicFile.create(fromUser(name), `trace file ${name}`);
  const [a, b] = [trace.info, workload.info];
  if (a && b && a.ino !== null && a.dev === b.dev && a.ino === b.ino) {
    trace.discard();
    throw new RangeError(
      `Expected --trace to name a file other than the workload but found ${
        describeValue(name)
      }, the same file as ${describeValue(workload.name)}`,
    );
  }
  return trace;
}

/**
 * Adds every request to an engine in arrival order. A prompt given by its
 * length is generated into one reused buffer just before its request is added
 * (the engine copies it): no prompt is held outside the engine, and none is
 * allocated.
 *
 * @example
 * ```ts
 * import { loadEngine } from "stallfree/cli/sim.ts";
 * import { assertEquals } from "@std/assert";
 * const engine = loadEngine([{ id: "a", arrival: 3, promptLen: 4, maxTokens: 1 }], {});
 * engine.skipIdleSteps();
 * assertEquals(engine.step().scheduled, [{ id: "a", numScheduledTokens: 4, contextLen: 4 }]);
 * ```
 */
export function loadEngine(
  entries: readonly WorkloadEntry[],
  config: Partial<EngineConfig>,
): Engine {
  const engine = new Engine(config);
  const byArrival = [...entries].sort((a, b) => a.arrival - b.arrival); // stable: ties keep file order
  const vocabSize = config.vocabSize ?? DEFAULT_CONFIG.vocabSize;
  const longest = byArrival.reduce((max, entry) => Math.max(max, entry.promptLen), 0);
  const buffer = tokenIdArray(longest, vocabSize);
  for (const { id, arrival, prompt, promptLen, maxTokens } of byArrival) {
    const ids = prompt ?? writePromptFromId(buffer.subarray(0, promptLen), id, vocabSize);
    engine.addRequest({ id, arrival, prompt: ids, maxTokens });
  }
  return engine;
}

/**
 * Runs the engine to the end, streaming the trace (one line per step that
 * scheduled or preempted anything) and showing progress on a terminal.
 * Pauses about five times a second so that Ctrl-C is handled.
 */
async function runSteps(engine: Engine, numRequests: number, trace?: TextSink): Promise<void> {
  const progress = new Progress(numRequests);
  let pausedAt = performance.now();
  while (engine.hasUnfinishedRequests) {
    if (!trace) engine.run(STEPS_BETWEEN_PAUSES);
    for (let i = 0; trace && i < STEPS_BETWEEN_PAUSES && engine.hasUnfinishedRequests; i++) {
      engine.skipIdleSteps();
      const record = engine.step();
      if (record.scheduled.length > 0 || record.preempted?.length) trace.write(traceLine(record));
    }
    if (performance.now() - pausedAt > 200) {
      const numFinished = numRequests - engine.numUnfinishedRequests;
      progress.update(engine.currentStep, numFinished, engine.totals.requestSteps);
      await new Promise((resolve) => setTimeout(resolve, 0));
      pausedAt = performance.now();
    }
  }
  progress.done();
}

const STEPS_BETWEEN_PAUSES = 4096;

async function main(args: string[]): Promise<void> {
  const stdout = new Sink(
    failingAs(Deno.stdout, (why) => new RangeError(`Cannot write the report: ${why}`)),
  );
  if (args.includes("--help") || args.includes("-h")) {
    stdout.write(`${USAGE}\n`);
    return stdout.flush();
  }
  const { workload, trace: traceName, outputs, ...config } = parseSimArgs(args);
  const source = openWorkload(workload, fromUser(workload));
  const trace = traceName === undefined ? undefined : openTrace(traceName, source);
  const interrupted = () => {
    trace?.discard();
    Deno.exit(130);
  };
  // While the temporary trace exists, Ctrl-C removes it (at the step loop's next pause).
  if (trace) Deno.addSignalListener("SIGINT", interrupted);
  try {
    const entries = readWorkload(source);
    const engine = loadEngine(entries, config);
    await runSteps(engine, entries.length, trace?.sink);
    trace?.commit();
    if (trace) Deno.removeSignalListener("SIGINT", interrupted);
    const ids = entries.map((entry) => entry.id);
    const totals = config.numKvBlocks === undefined ? engine.totals : {
      ...engine.totals,
      preemptions: ids.reduce((sum, id) => sum + engine.result(id).numPreemptions!, 0),
    };
    writeReport(stdout, totals, ids, (id) => engine.result(id), outputs);
  } catch (error) {
    trace?.discard();
    throw error;
  }
  stdout.flush();
}

if (import.meta.main) {
  try {
    await main(Deno.args);
  } catch (error) {
    const message = error instanceof RangeError || error instanceof TypeError
      ? error.message
      : escapeText(String(error), 200);
    console.error(`sim: ${message}`);
    Deno.exit(2);
  }
}
