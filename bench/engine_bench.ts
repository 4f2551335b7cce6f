/**
 * The engine's throughput on the standard workload: 2,000 requests, seeded
 * Poisson arrivals at 0.5 per step, prompts uniform in 16..1024, maxTokens
 * uniform in 1..256; budget 512, threshold 64, maxNumSeqs 256. Targets: at
 * least 20 million request-steps per second untraced, and traced at least
 * half as fast as untraced, both for the step loop alone (engine loaded
 * before the clock starts) and for the whole `runWorkload`.
 *
 * `deno task bench` prints Deno's timing table, then each figure beside its target.
 */
import { Engine } from "stallfree/lib/engine/engine.ts";
import type { StepRecord } from "stallfree/lib/engine/step_record.ts";
import { runWorkload } from "stallfree/lib/analysis/run_workload.ts";
import { poissonWorkload } from "stallfree/lib/workload/workload.ts";
import { benchThroughput, millionsPerSecond, printAtEnd, type Rates } from "./throughput.ts";

const workload = poissonWorkload({
  numRequests: 2000,
  arrivalRate: 0.5,
  promptLen: [16, 1024],
  maxTokens: [1, 256],
  seed: 2024,
});
const config = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64, maxNumSeqs: 256 };
const TARGET = 20; // million request-steps per second

function stepLoop(trace: boolean) {
  return (time: (work: () => number) => void) => {
    const engine = new Engine(config);
    for (const request of workload) engine.addRequest(request);
    const records: StepRecord[] = [];
    time(() => {
      while (engine.hasUnfinishedRequests) {
        engine.skipIdleSteps();
        if (trace) records.push(engine.step());
        else engine.tick();
      }
      return engine.totals.requestSteps;
    });
  };
}

function wholeRun(trace: boolean) {
  return (time: (work: () => number) => void) =>
    time(() => runWorkload(workload, { ...config, trace }).requestSteps);
}

const loop = {
  untraced: benchThroughput("step loop, untraced", stepLoop(false), {
    group: "step loop",
    baseline: true,
  }),
  traced: benchThroughput("step loop, traced", stepLoop(true), { group: "step loop" }),
};
const run = {
  untraced: benchThroughput("runWorkload, untraced", wholeRun(false), {
    group: "runWorkload",
    baseline: true,
  }),
  traced: benchThroughput("runWorkload, traced", wholeRun(true), { group: "runWorkload" }),
};

printAtEnd(() =>
  [["engine step loop", loop], ["runWorkload", run]].flatMap(([name, figures]) => {
    const { untraced, traced } = figures as typeof loop;
    const [u, t] = [untraced(), traced()];
    const cpu = (rates: Rates) => `${millionsPerSecond(rates.cpu)} by CPU time`;
    return [
      `${name} untraced: ${millionsPerSecond(u.wall)} request-steps/s (target >= ${TARGET} M); ${
        cpu(u)
      }`,
      `${name} traced: ${millionsPerSecond(t.wall)} request-steps/s (target >= half of untraced, ${
        millionsPerSecond(u.wall / 2)
      }): ${(t.wall / u.wall).toFixed(2)}x untraced; ${cpu(t)}, ${(t.cpu / u.cpu).toFixed(2)}x`,
    ];
  })
);
