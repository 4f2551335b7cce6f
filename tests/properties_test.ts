// Properties over random workloads and configs (fast-check): the scheduler's
// invariants, and the output invariance that makes chunking safe.
import fc from "fast-check";
import {
  generate,
  maxStepTokens,
  type Request,
  runWorkload,
  type SamplingPredicate,
  type StepRecord,
  totalSteps,
  ttftSteps,
} from "stallfree";
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";

const workloadArb = fc.array(
  fc.record({
    arrival: fc.nat(20),
    promptLen: fc.integer({ min: 1, max: 80 }),
    maxTokens: fc.integer({ min: 1, max: 10 }),
  }),
  { minLength: 1, maxLength: 12 },
).map((specs): Request[] =>
  specs.map((spec, i) => ({
    id: `r${i}`,
    arrival: spec.arrival,
    prompt: Array.from({ length: spec.promptLen }, (_, k) => (i * 7919 + k * 31) % 50257),
    maxTokens: spec.maxTokens,
  }))
);
const configArb = fc.record({
  maxNumBatchedTokens: fc.integer({ min: 1, max: 128 }),
  longPrefillTokenThreshold: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 64 })),
  maxNumSeqs: fc.integer({ min: 1, max: 8 }),
});
const runs = { numRuns: 300 };

function cost(record: StepRecord): number {
  return record.scheduled.reduce((sum, chunk) => sum + chunk.numScheduledTokens, 0);
}

Deno.test("runWorkload() never exceeds the budget in a step, and traces no idle step", () => {
  fc.assert(
    fc.property(workloadArb, configArb, (workload, config) => {
      const { steps } = runWorkload(workload, { ...config, trace: true });
      for (const record of steps!) {
        assertLessOrEqual(cost(record), config.maxNumBatchedTokens);
        assert(record.scheduled.length > 0, `step ${record.step} scheduled nothing`);
      }
    }),
    runs,
  );
});

Deno.test("runWorkload() admits in arrival order: no waiting request passes a blocked head", () => {
  fc.assert(
    fc.property(workloadArb, configArb, (workload, config) => {
      const { steps } = runWorkload(workload, { ...config, trace: true });
      const admitted = [
        ...new Set(steps!.flatMap((record) => record.scheduled.map((chunk) => chunk.id))),
      ];
      const byArrival = workload.map((r, i) => ({ r, i }))
        .sort((a, b) => a.r.arrival! - b.r.arrival! || a.i - b.i).map(({ r }) => r.id);
      assertEquals(admitted, byArrival);
    }),
    runs,
  );
});

Deno.test("runWorkload() never lets a running request skip a step while budget remains", () => {
  fc.assert(
    fc.property(workloadArb, configArb, (workload, config) => {
      const { steps } = runWorkload(workload, { ...config, trace: true });
      const running = new Set<string>();
      for (const record of steps!) {
        const scheduled = new Set(record.scheduled.map((chunk) => chunk.id));
        for (const id of running) {
          if (!scheduled.has(id)) {
            assertEquals(
              cost(record),
              config.maxNumBatchedTokens,
              `${id} skipped step ${record.step}`,
            );
          }
        }
        for (const id of scheduled) running.add(id);
        assertLessOrEqual(running.size, config.maxNumSeqs);
        for (const id of record.finished) running.delete(id);
      }
    }),
    runs,
  );
});

const outputInvariance = (isReadyToSample?: SamplingPredicate) =>
  fc.property(workloadArb, configArb, (workload, config) => {
    const { requests } = runWorkload(workload, { ...config, isReadyToSample });
    for (const request of workload) {
      assertEquals(requests[request.id].output, generate(request.prompt, request.maxTokens));
    }
  });

Deno.test("runWorkload() gives every request the reference model's tokens under any budget and threshold", () => {
  fc.assert(outputInvariance(), runs);
});

Deno.test("the invariance property fails when the sampling guard samples mid-prefill", () => {
  const sampleMidPrefill = (computed: number, total: number) =>
    computed === total || computed % 5 === 0;
  const result = fc.check(outputInvariance(sampleMidPrefill), runs);
  assert(result.failed, "a broken sampling guard should make chunked outputs diverge");
});

Deno.test("runWorkload() traced (step) and untraced (run) agree, and so do its trace's metrics and tokens", () => {
  fc.assert(
    fc.property(workloadArb, configArb, (workload, config) => {
      const traced = runWorkload(workload, { ...config, trace: true });
      const untraced = runWorkload(workload, config);
      assertEquals(traced.requests, untraced.requests);
      assertEquals(untraced.totalSteps, totalSteps(traced.steps!));
      assertEquals(untraced.maxStepTokens, maxStepTokens(traced.steps!));
      const ttft = ttftSteps(traced.steps!);
      for (const request of workload) {
        const result = untraced.requests[request.id];
        assertEquals(result.ttftSteps, ttft.get(request.id));
        assert(result.ttftSteps! >= 1 && result.finishStep! < untraced.totalSteps);
        const sampled = traced.steps!.flatMap((record) =>
          record.sampledTokenIds.filter((_, i) => record.sampled[i] === request.id)
        );
        assertEquals(sampled, result.output);
      }
    }),
    runs,
  );
});

Deno.test("runWorkload() keeps every token id of any vocabulary, 16-bit slabs or 32-bit", () => {
  const vocabArb = fc.constantFrom(2, 50257, 2 ** 16, 2 ** 16 + 1, 2 ** 31);
  fc.assert(
    fc.property(workloadArb, configArb, vocabArb, (workload, config, vocabSize) => {
      // Prompt ids spread over the whole vocabulary, its last id included.
      const spread = workload.map((r) => ({
        ...r,
        prompt: r.prompt.map((t, k) => k === 0 ? vocabSize - 1 : (t * 2654435761) % vocabSize),
      }));
      const { requests } = runWorkload(spread, { ...config, vocabSize });
      for (const request of spread) {
        assertEquals(
          requests[request.id].output,
          generate(request.prompt, request.maxTokens, vocabSize),
        );
      }
    }),
    runs,
  );
});
