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
const ratios: number[] = [];
const timeOf = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const untimed = () => runWorkload(workload, config);
const timed = () => runTimed(timedWorkload, config, { profile: "llama2-7b-a100" });

Deno.bench(
  "runWorkload, standard workload at 8,000 requests, untimed",
  { baseline: true, group: "time" },
  () => void untimed(),
);
// Each iteration also runs the untimed engine just before, outside the measured part, so the
// ratio compares runs made under the same load on a shared machine.
Deno.bench(
  "runTimed, the same arrivals at 40 ms per step, llama2-7b-a100",
  { group: "time" },
  (b) => {
    const before = timeOf(untimed);
    b.start();
    const after = timeOf(timed);
    b.end();
    ratios.push(after / before);
  },
);

globalThis.addEventListener("unload", () => {
  if (ratios.length === 0) return;
  const median = [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)];
  console.log(
    `timed run / untimed run: median ${
      median.toFixed(2)
    }x over ${ratios.length} paired runs (target: <= ${TARGET_RATIO}x)`,
  );
});
