import {
  capacityOf,
  decodeLoad,
  fullStepMs,
  generateWorkload,
  NoCapacityError,
  NoConfigMeetsSloError,
  percentile,
  probeMetrics,
  recipe,
  runTimed,
  selectPercentile,
  servingMetrics,
  sloViolation,
  stepTimeMs,
  stepTimeProfile,
  tune,
  workloadAtRate,
} from "stallfree";
import { assert, assertEquals, assertThrows } from "@std/assert";
import fc from "fast-check";

const PROFILE = "llama2-7b-a100" as const;
const SARATHI = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 512 };
const VLLM = { maxNumBatchedTokens: 8192, longPrefillTokenThreshold: 0 };

Deno.test("selectPercentile() picks the nearest-rank percentile, as percentile() does", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }),
      fc.constantFrom(1, 50, 90, 99, 100),
      (values, p) => {
        assertEquals(selectPercentile(Float64Array.from(values), p), percentile(values, p));
      },
    ),
  );
  assert(Number.isNaN(selectPercentile(new Float64Array(0), 50)));
});

Deno.test("probeMetrics() equals servingMetrics() on a real run", () => {
  const at = workloadAtRate({ lengths: "chat" }, { numRequests: 200, seed: 3 });
  const run = runTimed(at(4), SARATHI, { profile: PROFILE });
  const full = servingMetrics(run);
  assertEquals(probeMetrics(run), {
    p99TbtMs: full.itlMs!.p99,
    medianSchedulingDelayMs: full.schedulingDelayMs.median,
    medianTtftMs: full.ttftMs.median,
    p99TtftMs: full.ttftMs.p99,
    requestThroughput: full.requestThroughput,
  });
});

Deno.test("workloadAtRate() offers generateWorkload at each rate, and rescales a trace", () => {
  const at = workloadAtRate({ lengths: "arxiv", burstiness: 0.5 }, { numRequests: 20, seed: 7 });
  const generated = generateWorkload({
    lengths: "arxiv",
    burstiness: 0.5,
    qps: 3,
    numRequests: 20,
    seed: 7,
  });
  assertEquals(
    at(3).map(({ id, arrivalMs, prompt, maxTokens }) => ({
      id,
      arrivalMs,
      promptLen: prompt.length,
      maxTokens,
    })),
    generated,
  );
  const trace = generated.map((r) => ({ ...r, arrivalMs: r.arrivalMs + 1000 }));
  const rescaled = workloadAtRate({ trace }, { numRequests: 10, seed: 0 })(2);
  assertEquals(rescaled.length, 10);
  assertEquals(rescaled.at(-1)!.arrivalMs, 5000); // 10 requests at 2 per second
  const ratio = rescaled[3].arrivalMs / rescaled[2].arrivalMs;
  assertEquals(
    Math.round(ratio * 1e9),
    Math.round((trace[3].arrivalMs / trace[2].arrivalMs) * 1e9),
  );
});

Deno.test("capacityOf() is reproducible and brackets the SLO: met at the answer, broken just above", () => {
  const options = { profile: PROFILE, sloTbtMs: 100, numRequests: 256 };
  const result = capacityOf({ lengths: "chat" }, SARATHI, options);
  assertEquals(
    JSON.stringify(result),
    JSON.stringify(capacityOf({ lengths: "chat" }, SARATHI, options)),
  );
  const failed = result.probes.find((p) => p.qps === result.failQps)!;
  assertEquals(sloViolation(result.metrics, options), null);
  assert(sloViolation(failed.metrics, options) !== null);
  assert(result.failQps! - result.capacityQps <= 0.02 * result.capacityQps);
  // The unchunked config spikes past 100 ms sooner.
  assert(capacityOf({ lengths: "chat" }, VLLM, options).capacityQps < result.capacityQps);
  // Another seed, another sample: another answer, still reproducible.
  const other = capacityOf({ lengths: "chat" }, SARATHI, { ...options, seed: 1 });
  assertEquals(other, capacityOf({ lengths: "chat" }, SARATHI, { ...options, seed: 1 }));
});

Deno.test("capacityOf() counts a TTFT SLO and the 2 s scheduling delay", () => {
  const options = { profile: PROFILE, sloTbtMs: 500, numRequests: 256 };
  const loose = capacityOf({ lengths: "chat" }, SARATHI, options);
  const tight = capacityOf({ lengths: "chat" }, SARATHI, { ...options, sloTtftP99Ms: 1000 });
  assert(tight.capacityQps < loose.capacityQps);
  assert(tight.metrics.p99TtftMs <= 1000);
  const patient = capacityOf({ lengths: "chat" }, SARATHI, {
    ...options,
    maxSchedulingDelayMs: 20000,
  });
  assert(patient.capacityQps >= loose.capacityQps);
});

Deno.test("capacityOf() throws NoCapacityError when even the lowest rate breaks the SLO", () => {
  assertThrows(
    () =>
      capacityOf({ lengths: "chat" }, SARATHI, { profile: PROFILE, sloTbtMs: 5, numRequests: 32 }),
    NoCapacityError,
    "Expected the SLO to hold at some rate >= 0.0625 QPS (minQps) but it failed at every rate probed, 1 down to 0.0625",
  );
});

Deno.test("capacityOf() refuses bad options in one line, before running anything", () => {
  const cases: [() => unknown, ErrorConstructor, string][] = [
    [
      () => capacityOf({ lengths: "chat" }, SARATHI, { profile: PROFILE, sloTbtMs: 0 }),
      RangeError,
      "Expected sloTbtMs to be a finite number > 0 but found 0",
    ],
    [
      () =>
        capacityOf({ lengths: "chat" }, SARATHI, {
          profile: PROFILE,
          sloTbtMs: 100,
          sloTtftP99Ms: NaN,
        }),
      RangeError,
      "Expected sloTtftP99Ms to be a finite number > 0 but found NaN",
    ],
    [
      () =>
        capacityOf({ lengths: "chat" }, SARATHI, {
          profile: PROFILE,
          sloTbtMs: 100,
          numRequests: 0,
        }),
      RangeError,
      "Expected numRequests to be an integer >= 1 but found 0",
    ],
    [
      () => capacityOf({ lengths: "chat" }, SARATHI, { profile: PROFILE, sloTbt: 100 } as never),
      TypeError,
      'Expected options to have only the keys profile, sloTbtMs, sloTtftP99Ms, maxSchedulingDelayMs, numRequests, seed, search but found "sloTbt"',
    ],
    [
      () => capacityOf({ trace: [] }, SARATHI, { profile: PROFILE, sloTbtMs: 100 }),
      TypeError,
      "Expected workload.trace to be a non-empty array but found an empty array",
    ],
    [
      () =>
        capacityOf({ trace: [{ id: "a", arrivalMs: 0, promptLen: 4, maxTokens: 2 }] }, SARATHI, {
          profile: PROFILE,
          sloTbtMs: 100,
        }),
      RangeError,
      "Expected the trace's arrivals to span more than 0 ms (to rescale them) but found them all at 0 ms",
    ],
    [
      () =>
        capacityOf({ lengths: "chat" }, { maxNumBatchedTokens: 0 }, {
          profile: PROFILE,
          sloTbtMs: 100,
        }),
      RangeError,
      "Expected maxNumBatchedTokens to be an integer >= 1 but found 0",
    ],
  ];
  for (const [fn, type, message] of cases) assertEquals(assertThrows(fn, type).message, message);
});

Deno.test("tune() recommends the highest capacity within both SLOs, and ranks the rest", () => {
  const { best, table } = tune({ lengths: "chat" }, PROFILE, {
    sloTbtMs: 100,
    numRequests: 128,
    budgets: [256, 512, 8192],
    thresholds: [0, 256],
  });
  assertEquals(table.length, 5); // threshold 256 is not below budget 256
  assertEquals(best, table[0]);
  assert(
    table.every((row, i) => i === 0 || (row.capacityQps ?? -1) <= (table[i - 1].capacityQps ?? -1)),
  );
  assertEquals(best.violation, null);
  const unchunked = table.find((row) =>
    row.maxNumBatchedTokens === 8192 && row.longPrefillTokenThreshold === 0
  )!;
  assert(unchunked.capacityQps! < best.capacityQps!);
});

Deno.test("tune() is loud when no config meets the SLOs, naming the closest and what it broke", () => {
  const error = assertThrows(
    () =>
      tune({ lengths: "chat" }, PROFILE, {
        sloTbtMs: 5,
        numRequests: 32,
        budgets: [512, 2048],
        thresholds: [0],
      }),
    NoConfigMeetsSloError,
  );
  assert(error instanceof RangeError);
  assertEquals(error.table.length, 2);
  assert(
    error.table.every((row) => row.capacityQps === null && row.violation!.startsWith("P99 TBT")),
  );
  assert(
    error.message.startsWith(
      "Expected a config meeting P99 TBT <= 5 ms, median scheduling delay <= 2000 ms at some rate >= 0.0625 QPS but the closest, budget ",
    ),
    error.message,
  );
  assertThrows(
    () => tune({ lengths: "chat" }, PROFILE, { sloTbtMs: 100, budgets: [] }),
    RangeError,
    "Expected budgets to be a non-empty array of integers >= 1 but found []",
  );
});

Deno.test("recipe() picks the largest budget whose full step fits, and refuses an SLO no step fits", () => {
  const result = recipe({ lengths: "chat" }, PROFILE, {
    sloTbtMs: 100,
    expectedQps: 2,
    numRequests: 128,
  });
  const fitting = result.budgets.filter((b) => b.isWithinSlo).map((b) => b.budget);
  assertEquals(result.budget, Math.max(...fitting));
  // A full step grows with its budget, so the budgets that fit are the smallest ones.
  assert(result.budgets.every((b, i) => i === 0 || b.stepMs > result.budgets[i - 1].stepMs));
  assert(result.thresholds.some((t) => t.threshold === result.threshold));
  const best = Math.min(...result.thresholds.map((t) => t.shortP99TtftMs));
  assertEquals(
    result.thresholds.find((t) => t.threshold === result.threshold)!.shortP99TtftMs,
    best,
  );
  assert(result.capacityQps > 0);
  assertThrows(
    () => recipe({ lengths: "chat" }, PROFILE, { sloTbtMs: 10, expectedQps: 2, numRequests: 64 }),
    RangeError,
    "Expected some budget's full step to fit the SLO of 10 ms but the smallest, 256, takes",
  );
});

Deno.test("fullStepMs() charges the decodes' context; decodeLoad() counts one-token chunks", () => {
  const profile = stepTimeProfile(PROFILE);
  const short = fullStepMs(profile, 512, { numDecodes: 32, contextLen: 100 });
  const long = fullStepMs(profile, 512, { numDecodes: 32, contextLen: 4000 });
  assert(long > short);
  // With no decodes, the full step is one fresh prefill of the whole budget.
  const record = {
    step: 0,
    arrived: [],
    sampled: [],
    sampledTokenIds: [],
    finished: [],
    scheduled: [{ id: "p", numScheduledTokens: 512, contextLen: 512 }],
  };
  assertEquals(
    fullStepMs(profile, 512, { numDecodes: 0, contextLen: 1 }),
    stepTimeMs(record, profile),
  );
  const run = runTimed(workloadAtRate({ lengths: "chat" }, { numRequests: 64, seed: 0 })(2), {}, {
    profile,
    trace: true,
  });
  const load = decodeLoad(run.steps!);
  assert(load.p90Decodes >= load.medianDecodes && load.meanContextLen > 1);
});
