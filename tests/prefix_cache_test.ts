// Prefix caching as ENGINE.md states it: full blocks keyed by (parent key,
// tokens), entered at the end of the step, hits capped so one token computes,
// shared and reference counted, evicted least recently freed first, exact.
import {
  KvCacheManager,
  type KvRequest,
  makeBlockKey,
  NO_CACHE_HIT,
} from "stallfree/lib/memory/mod.ts";
import { createRandom } from "stallfree/lib/workload/random.ts";
import { assert, assertEquals, assertNotEquals } from "@std/assert";

const BLOCK_SIZE = 2;

function cachingManager(numKvBlocks: number): KvCacheManager {
  return new KvCacheManager({ numKvBlocks, blockSize: BLOCK_SIZE, enablePrefixCaching: true });
}

function request(id: string, tokens: number[], numComputedTokens = 0): KvRequest {
  return { id, tokens, numTokens: tokens.length, numComputedTokens };
}

/** Admits `r` with its hit and runs its whole prompt in one step, then caches. */
function prefill(kv: KvCacheManager, r: KvRequest): number[] {
  const hit = kv.getComputedBlocks(r);
  assert(kv.allocateSlots(r, r.numTokens - hit.numComputedTokens, hit));
  kv.cacheBlocks({ ...r, numComputedTokens: r.numTokens });
  return [...kv.blockIds(r.id)];
}

Deno.test("KvCacheManager.cacheBlocks() caches only full blocks, in position order", () => {
  const kv = cachingManager(4);
  const a = request("a", [1, 2, 3, 4, 5]);
  kv.allocateSlots(a, 5); // blocks 0, 1, 2; block 2 holds one token
  kv.cacheBlocks({ ...a, numComputedTokens: 3 }); // only block 0 is full
  assertEquals(kv.blockPool.cachedBlocks().map((c) => c.blockId), [0]);
  kv.cacheBlocks({ ...a, numComputedTokens: 5 });
  assertEquals(kv.blockPool.cachedBlocks().map((c) => c.blockId).sort(), [0, 1]);
});

Deno.test("KvCacheManager.getComputedBlocks() sees no block computed in the same step", () => {
  const kv = cachingManager(8);
  const a = request("a", [1, 2, 3, 4, 5]);
  kv.allocateSlots(a, 5); // scheduled this step; its blocks are not cached yet
  const b = request("b", [1, 2, 3, 4, 5]);
  assertEquals(kv.getComputedBlocks(b), NO_CACHE_HIT);
  kv.cacheBlocks({ ...a, numComputedTokens: 5 }); // end of the step
  assertEquals(kv.getComputedBlocks(b).blockIds, [0, 1]);
});

Deno.test("KvCacheManager.getComputedBlocks() leaves at least one token to compute", () => {
  const kv = cachingManager(8);
  prefill(kv, request("a", [1, 2, 3, 4, 5]));
  const exact = kv.getComputedBlocks(request("b", [1, 2, 3, 4])); // floor(3 / 2) = 1 block
  assertEquals([exact.blockIds, exact.numComputedTokens], [[0], 2]);
  const longer = kv.getComputedBlocks(request("c", [1, 2, 3, 4, 9])); // floor(4 / 2) = 2
  assertEquals([longer.blockIds, longer.numComputedTokens], [[0, 1], 4]);
  assertEquals(kv.getComputedBlocks(request("d", [1, 2])), NO_CACHE_HIT); // cap 0
});

Deno.test("KvCacheManager.getComputedBlocks() stops at the first block not cached", () => {
  const kv = cachingManager(8);
  prefill(kv, request("a", [1, 2, 3, 4, 5, 6, 7]));
  assertEquals(kv.getComputedBlocks(request("b", [1, 2, 9, 9, 5, 6, 7])).blockIds, [0]);
  // The same tokens after another parent are another key.
  assertEquals(kv.getComputedBlocks(request("c", [3, 4, 5, 6, 7])), NO_CACHE_HIT);
});

Deno.test("KvCacheManager shares hit blocks, reference counted", () => {
  const kv = cachingManager(8);
  assertEquals(prefill(kv, request("a", [1, 2, 3, 4, 5])), [0, 1, 2]);
  assertEquals(prefill(kv, request("b", [1, 2, 3, 4, 6])), [0, 1, 3]);
  assertEquals([0, 1, 2, 3].map((id) => kv.blockPool.refCount(id)), [2, 2, 1, 1]);
  assertEquals(kv.numUsedBlocks, 4);
  kv.free("a");
  assertEquals([kv.blockPool.refCount(0), kv.blockPool.freeBlockIds()], [1, [4, 5, 6, 7, 2]]);
  kv.free("b");
  assertEquals(kv.blockPool.freeBlockIds(), [4, 5, 6, 7, 2, 3, 1, 0]);
});

Deno.test("KvCacheManager: a hit on a free block takes it out of the free queue", () => {
  const kv = cachingManager(4);
  prefill(kv, request("a", [1, 2, 3, 4, 5])); // 0, 1, 2
  kv.free("a"); // queue [3, 2, 1, 0]; blocks 0 and 1 still cached
  const b = request("b", [1, 2, 3, 4, 7, 8, 9]);
  const hit = kv.getComputedBlocks(b);
  assertEquals([hit.blockIds, hit.numEvictableBlocks], [[0, 1], 2]);
  // 4 blocks for 7 tokens: 2 hit + 2 new, and the 2 hits leave the free queue too.
  assertEquals(kv.numBlocksToAllocate(b, 3, hit), 4);
  assert(kv.allocateSlots(b, 3, hit));
  assertEquals([kv.blockIds("b"), kv.blockPool.freeBlockIds()], [[0, 1, 3, 2], []]);
});

Deno.test("KvCacheManager: a hit on free blocks counts against the free pool at admission", () => {
  const kv = cachingManager(4);
  prefill(kv, request("a", [1, 2, 3, 4, 5])); // 0, 1, 2; free queue [3]
  const b = request("b", [1, 2, 3, 4, 5, 6]);
  const held = kv.getComputedBlocks(b); // blocks 0, 1, held by a
  assertEquals([held.blockIds, held.numEvictableBlocks], [[0, 1], 0]);
  assertEquals(kv.canAllocate(b, 2, held), true); // 1 new block, 1 free
  kv.free("a"); // free queue [3, 2, 1, 0]
  kv.allocateSlots(request("y", [9, 9, 9]), 3); // takes 3, 2
  const free = kv.getComputedBlocks(b); // blocks 0, 1, now in the free queue
  assertEquals([free.blockIds, free.numEvictableBlocks], [[0, 1], 2]);
  assertEquals(kv.canAllocate(b, 2, free), false); // 1 new + 2 taken out > 2 free
  assertEquals(kv.allocateSlots(b, 2, free), false);
  assertEquals([kv.blockPool.freeBlockIds(), kv.blockPool.refCount(0)], [[1, 0], 0]);
});

Deno.test("BlockPool evicts the least recently freed cached block first", () => {
  const kv = cachingManager(4);
  prefill(kv, request("a", [1, 2, 3, 4])); // 0, 1: both full, both cached
  prefill(kv, request("b", [5, 6, 7])); // 2, 3: block 2 cached
  kv.free("a"); // queue [1, 0]
  kv.free("b"); // queue [1, 0, 3, 2]
  assertEquals(kv.blockPool.freeBlockIds(), [1, 0, 3, 2]);
  kv.allocateSlots(request("c", [8, 8, 8]), 3); // takes 1, 0: a's prefix is gone
  assertEquals(kv.getComputedBlocks(request("a2", [1, 2, 3, 4])), NO_CACHE_HIT);
  assertEquals(kv.getComputedBlocks(request("b2", [5, 6, 7])).blockIds, [2]);
});

Deno.test("KvCacheManager.cacheBlocks() leaves a block out when an equal key is cached", () => {
  const kv = cachingManager(6);
  const a = request("a", [1, 2, 3]);
  const b = request("b", [1, 2, 3]);
  kv.allocateSlots(a, 3); // 0, 1
  kv.allocateSlots(b, 3); // 2, 3: same step, no hit
  kv.cacheBlocks({ ...a, numComputedTokens: 3 }); // schedule order: a first
  kv.cacheBlocks({ ...b, numComputedTokens: 3 });
  assertEquals([kv.blockPool.blockKey(0) !== null, kv.blockPool.blockKey(2)], [true, null]);
  kv.free("a");
  kv.free("b");
  assertEquals(kv.getComputedBlocks(request("c", [1, 2, 3])).blockIds, [0]);
});

Deno.test("KvCacheManager caches blocks of generated tokens, and a readmitted request hits them", () => {
  const kv = cachingManager(4);
  const a = request("a", [1, 2, 3]); // prompt 3, outputs appended below
  kv.allocateSlots(a, 3);
  kv.cacheBlocks({ ...a, numComputedTokens: 3 });
  const decoded = request("a", [1, 2, 3, 40, 41], 3); // two outputs sampled so far
  kv.allocateSlots(decoded, 1); // position 3 fills block 1
  kv.cacheBlocks({ ...decoded, numComputedTokens: 4 });
  kv.free("a"); // preempted: recompute from position 0
  const hit = kv.getComputedBlocks({ ...decoded, numComputedTokens: 0 });
  assertEquals([hit.blockIds, hit.numComputedTokens], [[0, 1], 4]);
});

Deno.test("KvCacheManager never hits on a 32-bit hash collision", () => {
  // Birthday search over random two-token blocks: about 2^16 draws find two
  // different blocks whose 32-bit hashes collide.
  const random = createRandom(7);
  const seen = new Map<number, number[]>();
  let pair: [number[], number[]] | undefined;
  while (pair === undefined) {
    const tokens = [random.int(0, 50256), random.int(0, 50256)];
    const hash = makeBlockKey(null, tokens, 0, 2).hash;
    const other = seen.get(hash);
    if (other === undefined) seen.set(hash, tokens);
    else if (other.join() !== tokens.join()) pair = [other, tokens];
  }
  const [first, second] = pair;
  assertNotEquals(first, second);
  const kv = cachingManager(4);
  prefill(kv, request("a", [...first, 0]));
  assertEquals(kv.getComputedBlocks(request("b", [...first, 1])).blockIds, [0]);
  assertEquals(kv.getComputedBlocks(request("c", [...second, 1])), NO_CACHE_HIT);
  prefill(kv, request("c", [...second, 1])); // the colliding key gets its own entry
  assertEquals(kv.getComputedBlocks(request("d", [...second, 2])).blockIds, [2]);
});
