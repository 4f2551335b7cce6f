/**
 * One capacity search as chapter 5 runs it: chat request lengths, 2,048
 * requests per probe, Llama-2-7B on an A100 (`llama2-7b-a100`), budget 512,
 * threshold 512, a P99 TBT SLO of 100 ms: ten probes. Target: well under
 * 1 s, so a notebook can sweep configs freely. Timed with the prompts already
 * generated (as `tune` and a notebook sweep share them), and cold, prompts
 * included.
 *
 * `deno bench --allow-read --allow-env bench/capacity_bench.ts`
 */
import { capacityOf, workloadAtRate } from "stallfree";

const TARGET_MS = 1000;
const options = { profile: "llama2-7b-a100" as const, sloTbtMs: 100 };
const config = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 512 };
const spec = { numRequests: 2048, seed: 0 };
const shared = workloadAtRate({ lengths: "chat" }, spec);
const runs = {
  "prompts shared": () => capacityOf(shared, config, options),
  "cold, prompts generated": () => capacityOf({ lengths: "chat" }, config, { ...options, ...spec }),
};
const times = new Map<string, number[]>();
let numProbes = 0;

for (const [name, run] of Object.entries(runs)) {
  times.set(name, []);
  Deno.bench(`capacityOf, chat, 2,048 requests per probe, ${name}`, (b) => {
    b.start();
    const start = performance.now();
    numProbes = run().probes.length;
    times.get(name)!.push(performance.now() - start);
    b.end();
  });
}

globalThis.addEventListener("unload", () => {
  for (const [name, xs] of times) {
    if (xs.length === 0) continue;
    const median = [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(
      `one capacity search (${numProbes} probes of 2,048 requests), ${name}: median ${
        median.toFixed(0)
      } ms over ${xs.length} runs (target: well under ${TARGET_MS} ms)`,
    );
  }
});
