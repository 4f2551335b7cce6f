/**
 * The command line and its front door, timed whole:
 *
 * - `deno task sim` as a process, on a generated file of 8,000 requests
 *   (seeded Poisson arrivals at 0.5 per step, `promptLen` uniform in 16..1024,
 *   `maxTokens` uniform in 1..256; budget 512, threshold 64: about 1.08 M
 *   request-steps). Target: at most 150 ms, and at least 25 times faster than
 *   `bench/reference_engine.py`, a plain Python engine with the same rules,
 *   timed in the same run on the same file (its report must be the same, byte
 *   for byte).
 * - Reading, parsing, validating and loading 100,000 requests into an engine.
 *   Target: under 1 s.
 *
 * `deno task bench` prints Deno's timing table, then each figure beside its target.
 */
import { poissonWorkload } from "stallfree";
import { openWorkload, readWorkload } from "../cli/input.ts";
import { loadEngine } from "../cli/sim.ts";

const root = new URL("../", import.meta.url).pathname;
const flags = ["--budget", "512", "--threshold", "64"];

/** A workload file of the standard shape: prompts by length, so the file stays small. */
function workloadFile(numRequests: number): string {
  const requests = poissonWorkload({ numRequests, seed: 2024 }).map((r) => ({
    id: r.id,
    arrival: r.arrival,
    promptLen: r.prompt.length,
    maxTokens: r.maxTokens,
  }));
  const path = Deno.makeTempFileSync({ prefix: "cli-bench-", suffix: ".json" });
  Deno.writeTextFileSync(path, JSON.stringify(requests));
  return path;
}

/** Runs a command to the end, its report discarded; returns the wall-clock milliseconds. */
async function timed(command: string, args: string[]): Promise<number> {
  const start = performance.now();
  const output = await new Deno.Command(command, {
    args,
    cwd: root,
    stdout: "null",
    stderr: "piped",
  })
    .output();
  const ms = performance.now() - start;
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
  return ms;
}

const file8k = workloadFile(8000), file100k = workloadFile(100_000);
const sim = ["task", "-q", "sim", "--workload", file8k, ...flags];
const cliMs: number[] = [], frontDoorMs: number[] = [];

Deno.bench("deno task sim, 8,000 requests, whole process", { n: 15, warmup: 2 }, async (b) => {
  b.start();
  cliMs.push(await timed(Deno.execPath(), sim));
  b.end();
});

Deno.bench("read, parse, validate and load 100,000 requests", { n: 5, warmup: 1 }, (b) => {
  b.start();
  const start = performance.now();
  loadEngine(readWorkload(openWorkload(file100k, file100k)), {});
  frontDoorMs.push(performance.now() - start);
  b.end();
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Runs a command (its output to `out`, or discarded) under a small Python wrapper that reports the
// CPU time of the command and its children: other jobs on a shared machine disturb it far less
// than the wall clock.
const CPU_OF = "import resource, subprocess, sys; " +
  "out = open(sys.argv[1], 'wb') if sys.argv[1] else subprocess.DEVNULL; " +
  "subprocess.run(sys.argv[2:], stdout=out, check=True); " +
  "r = resource.getrusage(resource.RUSAGE_CHILDREN); print(r.ru_utime + r.ru_stime)";

function cpuMs(command: string[], out = ""): number {
  const run = new Deno.Command("python3", {
    args: ["-c", CPU_OF, out, ...command],
    cwd: root,
    stdout: "piped",
  }).outputSync();
  if (!run.success) throw new Error(`${command.join(" ")} failed`);
  return Number(new TextDecoder().decode(run.stdout)) * 1e3;
}

globalThis.addEventListener("unload", () => {
  const cli = median(cliMs);
  const cliCpu = median(Array.from({ length: 7 }, () => cpuMs([Deno.execPath(), ...sim])));
  console.log(
    `deno task sim, 8,000 requests: ${cli.toFixed(0)} ms median (target: <= 150 ms); ${
      cliCpu.toFixed(0)
    } ms of CPU time`,
  );
  console.log(
    `front door, 100,000 requests: ${median(frontDoorMs).toFixed(0)} ms median (target: < 1000 ms)`,
  );
  const [pythonOut, ourOut] = [Deno.makeTempFileSync(), Deno.makeTempFileSync()];
  const start = performance.now();
  const pythonCpu = cpuMs(["python3", "bench/reference_engine.py", file8k, ...flags], pythonOut);
  const pythonMs = performance.now() - start;
  cpuMs([Deno.execPath(), ...sim], ourOut);
  const same = Deno.readTextFileSync(pythonOut) === Deno.readTextFileSync(ourOut);
  console.log(
    `python reference engine, same file: ${(pythonMs / 1e3).toFixed(2)} s, ${
      (pythonCpu / 1e3).toFixed(2)
    } s of CPU time, report ${same ? "identical" : "DIFFERENT"}; deno task sim is ${
      (pythonMs / cli).toFixed(1)
    }x faster by the clock, ${(pythonCpu / cliCpu).toFixed(1)}x by CPU time (target: >= 25x)`,
  );
  for (const path of [file8k, file100k, pythonOut, ourOut]) Deno.removeSync(path);
});
