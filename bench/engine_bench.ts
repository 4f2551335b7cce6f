/**
 * The engine's throughput on the standard workload: 2,000 requests, seeded
 * Poisson arrivals at 0.5 per step, prompts uniform in 16..1024, maxTokens
 * uniform in 1..256; budget 512, threshold 64, maxNumSeqs 256. The target is
 * 10 million request-steps per second on a 2-core machine.
 *
 * `deno task bench` prints Deno's timing table, then the throughput figures.
 */
import { poissonWorkload, runWorkload } from "stallfree";

const workload = poissonWorkload({
  numRequests: 2000,
  arrivalRate: 0.5,
  promptLen: [16, 1024],
  maxTokens: [1, 256],
  seed: 2024,
});
const config = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64, maxNumSeqs: 256 };
const measured = new Map<string, { ms: number; requestSteps: number; tokens: number }>();

function measure(name: string, trace: boolean) {
  return (b: Deno.BenchContext) => {
    b.start();
    const start = performance.now();
    const run = runWorkload(workload, { ...config, trace });
    const ms = performance.now() - start;
    b.end();
    const total = measured.get(name) ?? { ms: 0, requestSteps: 0, tokens: 0 };
    measured.set(name, {
      ms: total.ms + ms,
      requestSteps: total.requestSteps + run.requestSteps,
      tokens: total.tokens + run.tokens,
    });
  };
}

Deno.bench(
  "runWorkload, standard workload, untraced",
  { baseline: true },
  measure("untraced", false),
);
Deno.bench("runWorkload, standard workload, traced", measure("traced", true));

globalThis.addEventListener("unload", () => {
  for (const [name, { ms, requestSteps, tokens }] of measured) {
    const perSecond = (count: number) => (count / ms / 1e3).toFixed(2);
    console.log(
      `${name}: ${perSecond(requestSteps)} million request-steps/s, ${
        perSecond(tokens)
      } million tokens/s (target: 10 million request-steps/s)`,
    );
  }
});
