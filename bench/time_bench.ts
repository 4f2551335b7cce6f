/**
 * The timed run's cost over the untimed engine, on the standard workload at
 * 8,000 requests (seeded Poisson arrivals at 0.5 per step, prompts uniform in
 * 16..1024, maxTokens uniform in 1..256; budget 512, threshold 64,
 * maxNumSeqs 256). The timed run replays the same arrivals at 40 ms per step
 * on `llama2-7b-a100`, about the duration of a full 512-token step there, so
 * both runs carry a similar load. Target: the timed run within 2x of the
 * untimed one.
 *
 * `deno bench --allow-read --allow-env bench/time_bench.ts`
 */
import { poissonWorkload, runTimed, runWorkload } from "stallfree";

const MS_PER_STEP = 40;
const TARGET_RATIO = 2;
const workload = poissonWorkload({
  numRequests: 8000,
  arrivalRate: 0.5,
  promptLen: [16, 1024],
  maxTokens: [1, 256],
  seed: 2024,
});
const timedWorkload = workload.map(({ id, prompt, maxTokens, arrival = 0 }) => ({
  id,
  prompt,
  maxTokens,
  arrivalMs: arrival * MS_PER_STEP,
}));
const config = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64, maxNumSeqs: 256 };
const elapsed = { untimed: [] as number[], timed: [] as number[] };

function timeIt(samples: number[], run: () => unknown) {
  return (b: Deno.BenchContext) => {
    b.start();
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
    b.end();
  };
}

Deno.bench(
  "runWorkload, standard workload at 8,000 requests, untimed",
  { baseline: true, group: "time" },
  timeIt(elapsed.untimed, () => runWorkload(workload, config)),
);
Deno.bench(
  "runTimed, the same arrivals at 40 ms per step, llama2-7b-a100",
  { group: "time" },
  timeIt(elapsed.timed, () => runTimed(timedWorkload, config, { profile: "llama2-7b-a100" })),
);

globalThis.addEventListener("unload", () => {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  if (elapsed.untimed.length === 0 || elapsed.timed.length === 0) return;
  const [untimed, timed] = [median(elapsed.untimed), median(elapsed.timed)];
  console.log(
    `timed run: ${timed.toFixed(0)} ms, untimed: ${untimed.toFixed(0)} ms, ratio ${
      (timed / untimed).toFixed(2)
    }x (target: <= ${TARGET_RATIO}x)`,
  );
});
