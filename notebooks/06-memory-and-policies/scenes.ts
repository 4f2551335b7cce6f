/**
 * Chapter 6's scenes, each a seeded workload and a config, shared by the
 * notebook and `deno test`: the tiny pool, the PR #37307 thrash, the three
 * policies on one Poisson workload, and a shared system prompt.
 *
 * @module
 */
import {
  type EngineConfig,
  poissonWorkload,
  promptFromId,
  runTimed,
  type SchedulingPolicy,
  type ServingMetrics,
  servingMetrics,
  type TimedRequest,
  type TimedRun,
} from "stallfree";

/** The step-time model every scene runs on. */
export const PROFILE = "llama2-7b-a100";

/** Three requests of one 2-token block each, in a pool of 4 blocks of 2 tokens. */
export const TINY_POOL = {
  config: { numKvBlocks: 4, blockSize: 2 },
  requests: ["A", "B", "C"].map((id, i) => ({ id, prompt: [i + 1, i + 1], maxTokens: 5 })),
};

/** A timed run, its serving metrics, and its preemptions. */
export interface SceneRun {
  /** The traced run. */
  run: TimedRun;
  /** What `vllm bench serve` would print. */
  metrics: ServingMetrics;
  /** Preemptions over the run. */
  preemptions: number;
}

/**
 * Runs `workload` traced on {@linkcode PROFILE} and measures it.
 *
 * @example
 * ```ts
 * import { runScene } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * const scene = runScene([{ id: "a", arrivalMs: 0, prompt: [1, 2], maxTokens: 2 }], { numKvBlocks: 1 });
 * assertEquals([scene.preemptions, scene.metrics.completed], [0, 1]);
 * ```
 */
export function runScene(workload: TimedRequest[], config: Partial<EngineConfig>): SceneRun {
  const run = runTimed(workload, config, { profile: PROFILE, trace: true });
  const preemptions = run.steps!.reduce((sum, s) => sum + (s.record.preempted?.length ?? 0), 0);
  return { run, metrics: servingMetrics(run), preemptions };
}

/**
 * PR #37307's scene, scaled down: four 3,000-token prompts decode 800 tokens
 * each in a pool of 1,000 blocks of 16 (they fit: 952 blocks at most); at
 * 6 s a fifth 3,000-token prompt arrives, when its first 512-token chunk fits
 * but its whole prompt does not. Budget 512, no threshold.
 *
 * @example
 * ```ts
 * import { thrashScene } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(thrashScene(true).preemptions, 0);
 * ```
 */
export function thrashScene(reserveFullPrompt: boolean): SceneRun {
  const decoders = [0, 1, 2, 3].map((i) => ({
    id: `d${i}`,
    arrivalMs: 0,
    prompt: promptFromId(`d${i}`, 3000),
    maxTokens: 800,
  }));
  const late = { id: "late", arrivalMs: 6000, prompt: promptFromId("late", 3000), maxTokens: 50 };
  const config = { maxNumBatchedTokens: 512, numKvBlocks: 1000, blockSize: 16 };
  return runScene([...decoders, late], { ...config, reserveFullPrompt });
}

/**
 * Output tokens per second of the requests whose id starts with `prefix`,
 * from `fromMs` to their last token.
 *
 * @example
 * ```ts
 * import { generationRate } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * const run = { requests: [{ id: "d0", tokenTimesMs: [500, 1000, 1500, 2000] }] };
 * assertEquals(generationRate(run as never, "d", 1000), 2 / 1); // 1500 and 2000, in one second
 * ```
 */
export function generationRate(run: TimedRun, prefix: string, fromMs: number): number {
  const times = run.requests.filter((r) => r.id.startsWith(prefix)).flatMap((r) => r.tokenTimesMs);
  const after = times.filter((t) => t > fromMs);
  return after.length / ((Math.max(...after) - fromMs) / 1000);
}

/**
 * 400 requests, Poisson at 12 per second (seed 6), prompts uniform in
 * 64..768 tokens, 16..256 outputs: enough to fill a 1,024-token budget often.
 *
 * @example
 * ```ts
 * import { policyWorkload } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(policyWorkload().length, 400);
 * ```
 */
export function policyWorkload(): TimedRequest[] {
  const steps = poissonWorkload({
    ...{ numRequests: 400, arrivalRate: 0.12, promptLen: [64, 768], maxTokens: [16, 256] },
    seed: 6,
  });
  return steps.map(({ id, prompt, maxTokens, arrival = 0 }) => ({
    ...{ id, prompt, maxTokens, arrivalMs: arrival * 10 },
  }));
}

/**
 * The policies' shared config: budget 1,024, no threshold, 2,400 blocks of 16
 * (stall-free peaks at 94% of them; prefill-first fills them and preempts).
 */
export const POLICY_CONFIG = { maxNumBatchedTokens: 1024, numKvBlocks: 2400, blockSize: 16 };

/**
 * {@linkcode policyWorkload} under `policy` (and `kvWatermark`, for prefill-priority).
 *
 * @example
 * ```ts
 * import { policyScene } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(policyScene("stall-free").metrics.completed, 400);
 * ```
 */
export function policyScene(policy: SchedulingPolicy, kvWatermark = 0.9): SceneRun {
  return runScene(policyWorkload(), { ...POLICY_CONFIG, policy, kvWatermark });
}

/**
 * 200 requests, Poisson at 8 per second (seed 7), each a 1,024-token system
 * prompt shared by all, then its own 32..256 tokens; 32..128 outputs.
 *
 * @example
 * ```ts
 * import { sharedPromptWorkload } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * const [a, b] = sharedPromptWorkload();
 * assertEquals(a.prompt.slice(0, 1024), b.prompt.slice(0, 1024));
 * ```
 */
export function sharedPromptWorkload(): TimedRequest[] {
  const system = promptFromId("system", 1024);
  const steps = poissonWorkload({
    ...{ numRequests: 200, arrivalRate: 0.08, promptLen: [32, 256], maxTokens: [32, 128] },
    seed: 7,
  });
  return steps.map(({ id, prompt, maxTokens, arrival = 0 }) => ({
    ...{ id, prompt: [...system, ...prompt], maxTokens, arrivalMs: arrival * 10 },
  }));
}

/**
 * {@linkcode sharedPromptWorkload} with prefix caching on or off: budget 512, 2,000 blocks.
 *
 * @example
 * ```ts
 * import { sharedPromptScene } from "stallfree/notebooks/06-memory-and-policies/scenes.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(sharedPromptScene(true).preemptions, 0);
 * ```
 */
export function sharedPromptScene(enablePrefixCaching: boolean): SceneRun {
  const config = { maxNumBatchedTokens: 512, numKvBlocks: 2000, blockSize: 16 };
  return runScene(sharedPromptWorkload(), { ...config, enablePrefixCaching });
}
