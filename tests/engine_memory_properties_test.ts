// Properties of the engine under memory pressure (fast-check, thousands of
// random workloads): outputs never depend on preemption, prefix caching or the
// policy; the pool never overflows and ends empty; every workload whose
// requests each fit finishes; stall-free admits first come first served; the
// budget holds.
import fc from "fast-check";
import {
  Engine,
  type EngineConfig,
  generate,
  POLICIES,
  type Request,
  type StepRecord,
} from "stallfree";
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";

const PREFIXES = [[], [7, 7, 7, 7, 7, 7], [7, 7, 7, 8, 8, 8, 8, 8], [1, 2, 3, 4]];

const workloadArb = fc.array(
  fc.record({
    arrival: fc.nat(12),
    prefix: fc.nat(PREFIXES.length - 1),
    tail: fc.array(fc.nat(3), { minLength: 1, maxLength: 24 }),
    maxTokens: fc.integer({ min: 1, max: 12 }),
  }),
  { minLength: 1, maxLength: 10 },
).map((specs): Request[] =>
  specs.map((spec, i) => ({
    id: `r${i}`,
    arrival: spec.arrival,
    prompt: [...PREFIXES[spec.prefix], ...spec.tail],
    maxTokens: spec.maxTokens,
  }))
);

const memoryArb = fc.record({
  maxNumBatchedTokens: fc.integer({ min: 1, max: 64 }),
  longPrefillTokenThreshold: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 32 })),
  maxNumSeqs: fc.integer({ min: 1, max: 6 }),
  blockSize: fc.integer({ min: 1, max: 8 }),
  numKvBlocks: fc.integer({ min: 1, max: 40 }),
  enablePrefixCaching: fc.boolean(),
  reserveFullPrompt: fc.boolean(),
  policy: fc.constantFrom(...POLICIES),
  kvWatermark: fc.constantFrom(0, 0.5, 0.9, 1),
});

/** The requests that could never fit this config, or a prefill-first step, dropped. */
function fitting(workload: Request[], config: Partial<EngineConfig>): Request[] {
  return workload.filter((r) => {
    const positions = r.prompt.length + r.maxTokens - 1;
    if (config.policy === "prefill-first" && positions > config.maxNumBatchedTokens!) return false;
    return Math.ceil(positions / config.blockSize!) <= config.numKvBlocks!;
  });
}

/** Runs to completion; fails on a step cap far above any honest schedule's length. */
function run(workload: Request[], config: Partial<EngineConfig>) {
  const engine = new Engine(config);
  for (const request of workload) engine.addRequest(request);
  const steps: StepRecord[] = [];
  while (engine.hasUnfinishedRequests) {
    assert(steps.length < 20_000, `livelock: unfinished after 20000 steps`);
    engine.skipIdleSteps();
    steps.push(engine.step());
  }
  return { steps, results: engine.results() };
}

const runs = { numRuns: 3000 };

Deno.test("Engine with KV blocks: outputs are the model's, whatever preempts, hits or goes first", () => {
  fc.assert(
    fc.property(workloadArb, memoryArb, (workload, config) => {
      const requests = fitting(workload, config);
      for (const result of run(requests, config).results) {
        const request = requests.find((r) => r.id === result.id)!;
        assertEquals(result.output, generate(request.prompt, request.maxTokens));
      }
    }),
    runs,
  );
});

Deno.test("Engine with KV blocks: blocks in use stay within the pool and return to zero; the budget holds", () => {
  fc.assert(
    fc.property(workloadArb, memoryArb, (workload, config) => {
      const { steps } = run(fitting(workload, config), config);
      for (const record of steps) {
        assertLessOrEqual(record.kvBlocksUsed!, config.numKvBlocks);
        const cost = record.scheduled.reduce((sum, c) => sum + c.numScheduledTokens, 0);
        assertLessOrEqual(cost, config.maxNumBatchedTokens);
      }
      assertEquals(steps.at(-1)?.kvBlocksUsed ?? 0, 0);
    }),
    runs,
  );
});

Deno.test("Engine with KV blocks, stall-free: first admissions follow arrival order", () => {
  fc.assert(
    fc.property(workloadArb, memoryArb, (workload, config) => {
      const requests = fitting(workload, { ...config, policy: "stall-free" });
      const { steps } = run(requests, { ...config, policy: "stall-free" });
      const admitted = [...new Set(steps.flatMap((r) => r.scheduled.map((c) => c.id)))];
      const byArrival = requests.map((r, i) => ({ r, i }))
        .sort((a, b) => a.r.arrival! - b.r.arrival! || a.i - b.i).map(({ r }) => r.id);
      assertEquals(admitted, byArrival);
    }),
    runs,
  );
});

Deno.test("Engine with KV blocks: a preempted request's chunks restart from position 0", () => {
  fc.assert(
    fc.property(workloadArb, memoryArb, (workload, config) => {
      const { steps } = run(fitting(workload, config), config);
      const computed = new Map<string, number>();
      for (const record of steps) {
        for (const c of record.scheduled) {
          const before = c.contextLen - c.numScheduledTokens;
          assert(before === (computed.get(c.id) ?? before), `${c.id} skipped positions`);
          computed.set(c.id, c.contextLen);
        }
        for (const id of record.preempted!) computed.delete(id);
      }
    }),
    runs,
  );
});
