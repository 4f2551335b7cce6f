// Properties of the memory model over random sequences of the calls a
// scheduler makes (admit with a cache hit, schedule a chunk, end the step,
// free): the pool never overflows or leaks, reference counts match the
// holders, and every cache entry and every hit names blocks holding exactly
// those tokens.
import fc from "fast-check";
import { type BlockKey, KvCacheManager } from "stallfree/lib/memory/mod.ts";
import { assert, assertEquals, assertLessOrEqual } from "@std/assert";

interface SimRequest {
  id: string;
  tokens: number[];
  numTokens: number;
  numComputedTokens: number;
  numWrittenBlocks: number; // full blocks whose contents the model has recorded
}

type Op = { kind: "schedule"; r: number; n: number } | { kind: "endStep" } | {
  kind: "free";
  r: number;
};

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant("schedule" as const),
    r: fc.nat(5),
    n: fc.integer({ min: 1, max: 9 }),
  }),
  fc.record({ kind: fc.constant("endStep" as const) }),
  fc.record({ kind: fc.constant("free" as const), r: fc.nat(5) }),
);
const scenarioArb = fc.record({
  numKvBlocks: fc.integer({ min: 1, max: 12 }),
  blockSize: fc.integer({ min: 1, max: 4 }),
  enablePrefixCaching: fc.boolean(),
  prompts: fc.array(fc.array(fc.nat(2), { minLength: 1, maxLength: 12 }), {
    minLength: 1,
    maxLength: 6,
  }),
  ops: fc.array(opArb, { minLength: 10, maxLength: 80, size: "max" }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;
const MAX_LEN = 16;

function flatten(key: BlockKey): string {
  const blocks: number[][] = [];
  for (let k: BlockKey | null = key; k !== null; k = k.parent) blocks.unshift([...k.tokens]);
  return blocks.flat().join();
}

/** Runs a scenario, checking the invariants after every call. */
function simulate(
  scenario: Scenario,
  check: (kv: KvCacheManager, sims: SimRequest[], contents: (string | null)[]) => void,
) {
  const { numKvBlocks, blockSize, enablePrefixCaching } = scenario;
  const kv = new KvCacheManager({ numKvBlocks, blockSize, enablePrefixCaching });
  const sims: SimRequest[] = scenario.prompts.map((prompt, i) => ({
    id: `r${i}`,
    tokens: [...prompt],
    numTokens: prompt.length,
    numComputedTokens: 0,
    numWrittenBlocks: 0,
  }));
  const contents: (string | null)[] = new Array(numKvBlocks).fill(null);
  const prefix = (sim: SimRequest, i: number) => sim.tokens.slice(0, (i + 1) * blockSize).join();
  let pending: [SimRequest, number][] = [];
  const stats = { numHits: 0, numRefusals: 0 };
  const endStep = () => {
    for (const [sim, n] of pending) {
      sim.numComputedTokens += n;
      const blockIds = kv.blockIds(sim.id);
      for (
        ;
        sim.numWrittenBlocks < Math.floor(sim.numComputedTokens / blockSize);
        sim.numWrittenBlocks++
      ) {
        contents[blockIds[sim.numWrittenBlocks]] = prefix(sim, sim.numWrittenBlocks);
      }
      if (sim.numComputedTokens === sim.numTokens && sim.numTokens < MAX_LEN) {
        sim.tokens.push((sim.numTokens * 7 + sim.tokens[0]) % 3); // a sampled token
        sim.numTokens++;
      }
      kv.cacheBlocks(sim);
    }
    pending = [];
  };
  for (const op of scenario.ops) {
    const sim = sims[op.kind === "endStep" ? 0 : op.r % sims.length];
    const isPending = pending.some(([s]) => s === sim);
    if (op.kind === "endStep") endStep();
    else if (op.kind === "free" && !isPending) {
      kv.free(sim.id);
      sim.numComputedTokens = sim.numWrittenBlocks = 0; // recompute from position 0
    } else if (op.kind === "schedule" && !isPending && sim.numComputedTokens < sim.numTokens) {
      const isAdmission = kv.blockIds(sim.id).length === 0;
      const hit = isAdmission ? kv.getComputedBlocks(sim) : undefined;
      if (hit !== undefined) {
        // Exact: every hit block holds this prefix; maximal: no longer run is cached.
        hit.blockIds.forEach((blockId, i) => assertEquals(contents[blockId], prefix(sim, i)));
        const cached = new Set(kv.blockPool.cachedBlocks().map((c) => flatten(c.key)));
        let expected = 0;
        const cap = Math.floor((sim.numTokens - 1) / blockSize);
        while (expected < cap && cached.has(prefix(sim, expected))) expected++;
        assertEquals(hit.blockIds.length, expected);
      }
      const hitTokens = hit?.numComputedTokens ?? 0;
      const n = Math.min(op.n, sim.numTokens - sim.numComputedTokens - hitTokens);
      if (hit !== undefined && hit.blockIds.length > 0) stats.numHits++;
      if (!kv.allocateSlots(sim, n, hit)) stats.numRefusals++;
      else {
        sim.numComputedTokens += hitTokens;
        sim.numWrittenBlocks += hit?.blockIds.length ?? 0;
        pending.push([sim, n]);
      }
    }
    check(kv, sims, contents);
  }
  endStep();
  for (const sim of sims) kv.free(sim.id);
  return { kv, ...stats };
}

function checkInvariants(kv: KvCacheManager, sims: SimRequest[], contents: (string | null)[]) {
  const pool = kv.blockPool;
  const free = pool.freeBlockIds();
  assertLessOrEqual(kv.numUsedBlocks, pool.numBlocks);
  assertEquals(free.length, pool.numFreeBlocks);
  assertEquals(new Set(free).size, free.length);
  assertEquals(pool.numFreeBlocks + kv.numUsedBlocks, pool.numBlocks);
  const holders = new Array(pool.numBlocks).fill(0);
  for (const sim of sims) {
    const blockIds = kv.blockIds(sim.id);
    assertEquals(new Set(blockIds).size, blockIds.length);
    assertLessOrEqual(Math.ceil(sim.numComputedTokens / kv.config.blockSize), blockIds.length);
    for (const blockId of blockIds) holders[blockId]++;
  }
  for (let id = 0; id < pool.numBlocks; id++) {
    assertEquals(pool.refCount(id), holders[id]);
    assertEquals(free.includes(id), holders[id] === 0);
  }
  for (const { key, blockId } of pool.cachedBlocks()) {
    assertEquals(pool.blockKey(blockId), key);
    assertEquals(flatten(key), contents[blockId]);
  }
}

Deno.test("KvCacheManager keeps the pool whole and the cache exact over random calls", () => {
  fc.assert(
    fc.property(scenarioArb, (scenario) => {
      const { kv } = simulate(scenario, checkInvariants);
      assertEquals(kv.numUsedBlocks, 0);
      assertEquals(kv.blockPool.freeBlockIds().sort((a, b) => a - b), [
        ...Array(scenario.numKvBlocks).keys(),
      ]);
      if (!scenario.enablePrefixCaching) assertEquals(kv.blockPool.numCachedBlocks, 0);
    }),
    { numRuns: 400 },
  );
});

Deno.test("KvCacheManager's random calls do hit the cache and run out of blocks", () => {
  // Guards the property above against vacuity: the scenarios reach both cases.
  let numHits = 0, numRefusals = 0;
  fc.assert(
    fc.property(scenarioArb, (scenario) => {
      const stats = simulate({ ...scenario, enablePrefixCaching: true }, () => {});
      numHits += stats.numHits;
      numRefusals += stats.numRefusals;
    }),
    { numRuns: 100, seed: 1 },
  );
  assert(numHits > 100 && numRefusals > 100, `hits ${numHits}, refusals ${numRefusals}`);
});
