/**
 * The engine with KV blocks on against it off, on the standard workload
 * (2,000 requests, seeded Poisson arrivals at 0.5 per step, prompts uniform in
 * 16..1024, maxTokens uniform in 1..256; budget 512, threshold 64, maxNumSeqs
 * 256). On: 2,048 blocks of 16 tokens, a pool small enough to preempt
 * (about 4,000 preemptions). Target: on within 2x of off, from paired runs
 * (each iteration runs the engine off just before, outside the measured part,
 * so both see the same load on a shared machine). The same pool with prefix
 * caching is timed too, its figure printed without a target: it hashes every
 * full block.
 *
 * `deno bench --allow-read --allow-env bench/memory_bench.ts`
 */
import { runWorkload } from "stallfree";
import { STANDARD_CONFIG, standardWorkload } from "./standard_workload.ts";

const TARGET_RATIO = 2;
const workload = standardWorkload(2000);
const config = STANDARD_CONFIG;
const memory = { ...config, numKvBlocks: 2048, blockSize: 16 };
const caching = { ...memory, enablePrefixCaching: true };
const ratios = { memory: [] as number[], caching: [] as number[] };
const preemptions = { memory: 0, caching: 0 };
const timeOf = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const off = () => runWorkload(workload, config);
const on = (kind: "memory" | "caching") => () => {
  const run = runWorkload(workload, kind === "memory" ? memory : caching);
  preemptions[kind] = Object.values(run.requests).reduce((sum, r) => sum + r.numPreemptions!, 0);
};
const paired = (kind: "memory" | "caching") => (b: Deno.BenchContext) => {
  const before = timeOf(off);
  b.start();
  const after = timeOf(on(kind));
  b.end();
  ratios[kind].push(after / before);
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

Deno.bench("runWorkload, KV blocks off", { baseline: true, group: "memory" }, () => void off());
Deno.bench("runWorkload, 2,048 KV blocks", { group: "memory" }, paired("memory"));
Deno.bench("runWorkload, 2,048 KV blocks, prefix caching", { group: "memory" }, paired("caching"));

globalThis.addEventListener("unload", () => {
  if (ratios.memory.length === 0) return;
  console.log(
    `KV blocks on (${preemptions.memory} preemptions): ${
      median(ratios.memory).toFixed(2)
    }x the time of off, median of ${ratios.memory.length} paired runs (target <= ${TARGET_RATIO}x)`,
  );
  console.log(
    `KV blocks on with prefix caching (${preemptions.caching} preemptions): ${
      median(ratios.caching).toFixed(2)
    }x the time of off (no target)`,
  );
});
