/**
 * The timed run's cost over the untimed engine, on the standard workload at
 * 8,000 requests (`standard_workload.ts`). The timed run replays the same
 * arrivals at 40 ms per step on `llama2-7b-a100`, about the duration of a full
 * 512-token step there, so both runs carry a similar load (about 1.1 M
 * request-steps each). Target: the timed run takes at most 2x the untimed
 * run's time, by the wall clock; the ratio by CPU time is printed beside it.
 *
 * `deno bench --allow-read --allow-env bench/time_bench.ts`
 */
import { runTimed } from "stallfree/lib/time/run_timed.ts";
import { runWorkload } from "stallfree/lib/analysis/run_workload.ts";
import { STANDARD_CONFIG, standardWorkload } from "./standard_workload.ts";
import { benchThroughput, printAtEnd, type Rates } from "./throughput.ts";

const MS_PER_STEP = 40;
const TARGET_RATIO = 2;
const workload = standardWorkload(8000);
const timedWorkload = workload.map(({ id, prompt, maxTokens, arrival = 0 }) => ({
  id,
  prompt,
  maxTokens,
  arrivalMs: arrival * MS_PER_STEP,
}));

// One run is the unit of work, so each figure is runs per ms.
const untimed = benchThroughput(
  "runWorkload, standard workload at 8,000 requests, untimed",
  (time) => time(() => (runWorkload(workload, STANDARD_CONFIG), 1)),
  { group: "time", baseline: true },
);
const timed = benchThroughput(
  "runTimed, the same arrivals at 40 ms per step, llama2-7b-a100",
  (time) =>
    time(() => (runTimed(timedWorkload, STANDARD_CONFIG, { profile: "llama2-7b-a100" }), 1)),
  { group: "time" },
);

const ms = (runsPerMs: number) => `${(1 / runsPerMs).toFixed(1)} ms`;
printAtEnd(() => {
  const [u, t]: Rates[] = [untimed(), timed()];
  return [
    `runTimed, 8,000 requests: ${ms(t.wall)} per run, ${
      (u.wall / t.wall).toFixed(2)
    }x the untimed run's ${ms(u.wall)} (target <= ${TARGET_RATIO}x); by CPU time ${ms(t.cpu)}, ${
      (u.cpu / t.cpu).toFixed(2)
    }x`,
  ];
});
