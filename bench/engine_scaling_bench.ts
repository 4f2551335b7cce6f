/**
 * How the engine's time grows. Time should be linear in request-steps from
 * 1k to 64k requests of the standard workload's shape (the rate stays within
 * 1.5x of the 1k figure), and adding requests in descending arrival order
 * should cost the same per request at 200k as at 50k (no quadratic insertion).
 *
 * `deno task bench` prints each figure beside its target.
 */
import { Engine } from "stallfree/lib/engine/engine.ts";
import { runWorkload } from "stallfree/lib/analysis/run_workload.ts";
import { poissonWorkload } from "stallfree/lib/workload/workload.ts";
import { benchThroughput, millionsPerSecond, printAtEnd } from "./throughput.ts";

const config = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 64, maxNumSeqs: 256 };
const SIZES = [1000, 4000, 16000, 64000];

const scaling = SIZES.map((numRequests) => {
  const workload = poissonWorkload({ numRequests, seed: 2024 });
  const rate = benchThroughput(
    `runWorkload, ${numRequests / 1000}k requests`,
    (time) => time(() => runWorkload(workload, config).requestSteps),
    { group: "linear in request-steps", n: numRequests >= 16000 ? 5 : 15, warmup: 5 },
  );
  return { numRequests, rate };
});

const descending = [50_000, 200_000].map((numRequests) => {
  const rate = benchThroughput(
    `addRequest, ${numRequests / 1000}k in descending arrival order, then one step`,
    (time) => {
      collectGarbage(); // untimed: each iteration starts on a clean heap, not the last one's garbage
      const engine = new Engine(config);
      time(() => {
        for (let i = numRequests - 1; i >= 0; i--) {
          engine.addRequest({ id: `r${i}`, arrival: i, prompt: [i % 50257], maxTokens: 1 });
        }
        engine.step();
        return numRequests;
      });
    },
    { group: "addRequest in any order", n: 5, warmup: 2 },
  );
  return { numRequests, rate };
});

/** A full garbage collection, when the bench runs with `--v8-flags=--expose-gc` (`deno task bench` does). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

printAtEnd(() => {
  const first = scaling[0].rate();
  const lines = scaling.map(({ numRequests, rate }) => {
    const { wall, cpu } = rate();
    return `runWorkload, ${numRequests / 1000}k requests: ${
      millionsPerSecond(wall)
    } request-steps/s, ${
      (first.wall / wall).toFixed(2)
    }x the 1k time per request-step (target <= 1.5x); by CPU time ${millionsPerSecond(cpu)}, ${
      (first.cpu / cpu).toFixed(2)
    }x`;
  });
  const [small, large] = descending.map(({ rate }) => 1e3 / rate().wall);
  lines.push(
    `addRequest in descending arrival order: ${small.toFixed(2)} µs per request at 50k, ${
      large.toFixed(2)
    } µs at 200k, ${(large / small).toFixed(2)}x (target <= 2x: not quadratic)`,
  );
  return lines;
});
