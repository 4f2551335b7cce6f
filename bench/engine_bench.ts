/**
 * The engine's throughput on the standard workload at 2,000 requests
 * (`standard_workload.ts`). Targets: at
 * least 20 million request-steps per second untraced, and traced at least
 * half as fast as untraced, both for the step loop alone (engine loaded
 * before the clock starts) and for the whole `runWorkload`. The step loop is
 * also timed with records built and dropped one step at a time, as a
 * streaming consumer (the CLI's trace) uses them.
 *
 * `deno task bench` prints Deno's timing table, then each figure beside its target.
 */
import { Engine } from "stallfree/lib/engine/engine.ts";
import type { StepRecord } from "stallfree/lib/engine/step_record.ts";
import { runWorkload } from "stallfree/lib/analysis/run_workload.ts";
import { STANDARD_CONFIG as config, standardWorkload } from "./standard_workload.ts";
import { benchThroughput, millionsPerSecond, printAtEnd, type Rates } from "./throughput.ts";

const workload = standardWorkload(2000);
const TARGET = 20; // million request-steps per second

/** The step loop: records not built, built and dropped one step at a time, or all kept. */
function stepLoop(records: "none" | "streamed" | "kept") {
  return (time: (work: () => number) => void) => {
    const engine = new Engine(config);
    for (const request of workload) engine.addRequest(request);
    const kept: StepRecord[] = [];
    time(() => {
      if (records === "none") engine.run();
      let chunks = 0;
      while (engine.hasUnfinishedRequests) {
        engine.skipIdleSteps();
        if (records === "streamed") chunks += engine.step().scheduled.length;
        else kept.push(engine.step());
      }
      if (records === "streamed" && chunks !== engine.totals.requestSteps) throw new Error("lost");
      return engine.totals.requestSteps;
    });
  };
}

function wholeRun(trace: boolean) {
  return (time: (work: () => number) => void) =>
    time(() => runWorkload(workload, { ...config, trace }).requestSteps);
}

const loop = {
  untraced: benchThroughput("step loop, untraced", stepLoop("none"), {
    group: "step loop",
    baseline: true,
  }),
  streamed: benchThroughput("step loop, records streamed", stepLoop("streamed"), {
    group: "step loop",
  }),
  traced: benchThroughput("step loop, traced (records kept)", stepLoop("kept"), {
    group: "step loop",
  }),
};
const run = {
  untraced: benchThroughput("runWorkload, untraced", wholeRun(false), {
    group: "runWorkload",
    baseline: true,
  }),
  traced: benchThroughput("runWorkload, traced", wholeRun(true), { group: "runWorkload" }),
};

const cpu = (rates: Rates) => `${millionsPerSecond(rates.cpu)} by CPU time`;
const traced = (name: string, t: Rates, u: Rates) =>
  `${name}: ${millionsPerSecond(t.wall)} request-steps/s (target >= half of untraced, ${
    millionsPerSecond(u.wall / 2)
  }): ${(t.wall / u.wall).toFixed(2)}x untraced; ${cpu(t)}, ${(t.cpu / u.cpu).toFixed(2)}x`;

printAtEnd(() => {
  const [u, s, t] = [loop.untraced(), loop.streamed(), loop.traced()];
  const [ru, rt] = [run.untraced(), run.traced()];
  const untraced = (name: string, rates: Rates) =>
    `${name}: ${millionsPerSecond(rates.wall)} request-steps/s (target >= ${TARGET} M); ${
      cpu(rates)
    }`;
  return [
    untraced("engine step loop untraced", u),
    traced("engine step loop, records streamed", s, u),
    traced("engine step loop traced, records kept", t, u),
    untraced("runWorkload untraced", ru),
    traced("runWorkload traced", rt, ru),
  ];
});
