// The KV block pool of ENGINE.md's "Memory and policies": the free queue's
// order, reference counts, and which block is taken. Small cases by hand.
import { BlockPool, FreeKvCacheBlockQueue, makeBlockKey } from "stallfree/lib/memory/mod.ts";
import { assertEquals, assertThrows } from "@std/assert";

Deno.test("FreeKvCacheBlockQueue starts with every block in id order", () => {
  assertEquals(new FreeKvCacheBlockQueue(5).blockIds(), [0, 1, 2, 3, 4]);
});

Deno.test("FreeKvCacheBlockQueue.remove() unlinks the front, the back and the middle", () => {
  const queue = new FreeKvCacheBlockQueue(5);
  queue.remove(0);
  queue.remove(4);
  queue.remove(2);
  assertEquals([queue.blockIds(), queue.numFreeBlocks], [[1, 3], 2]);
  queue.append(2);
  queue.append(0);
  assertEquals(queue.blockIds(), [1, 3, 2, 0]);
  queue.remove(1);
  queue.remove(3);
  queue.remove(2);
  queue.remove(0);
  assertEquals([queue.blockIds(), queue.numFreeBlocks], [[], 0]);
  queue.append(4); // an emptied queue links again
  assertEquals(queue.blockIds(), [4]);
});

Deno.test("FreeKvCacheBlockQueue.popLeft() refuses an empty queue", () => {
  const queue = new FreeKvCacheBlockQueue(1);
  assertEquals(queue.popLeft(), 0);
  assertThrows(() => queue.popLeft(), RangeError, "Expected a free block to pop but found none");
});

Deno.test("BlockPool.getNewBlocks() takes from the front of the free queue, each held once", () => {
  const pool = new BlockPool(4);
  assertEquals(pool.getNewBlocks(3), [0, 1, 2]);
  assertEquals([pool.numFreeBlocks, pool.numUsedBlocks], [1, 3]);
  assertEquals([0, 1, 2, 3].map((id) => pool.refCount(id)), [1, 1, 1, 0]);
  assertEquals(pool.getNewBlocks(0), []);
});

Deno.test("BlockPool.freeBlocks() sends blocks nobody holds to the back, in the order given", () => {
  const pool = new BlockPool(5);
  pool.getNewBlocks(4); // free queue: [4]
  pool.freeBlocks([1, 0]); // a request's blocks, last block first
  pool.freeBlocks([3]);
  assertEquals(pool.freeBlockIds(), [4, 1, 0, 3]);
  assertEquals(pool.getNewBlocks(2), [4, 1]); // the front is the least recently freed
});

Deno.test("BlockPool.touch() shares a block: it is free only when its last holder lets go", () => {
  const pool = new BlockPool(3);
  pool.getNewBlocks(1); // block 0, held once
  pool.touch([0]); // a second holder
  assertEquals(pool.refCount(0), 2);
  pool.freeBlocks([0]);
  assertEquals([pool.refCount(0), pool.freeBlockIds()], [1, [1, 2]]);
  pool.freeBlocks([0]);
  assertEquals([pool.refCount(0), pool.freeBlockIds()], [0, [1, 2, 0]]);
});

Deno.test("BlockPool.touch() takes a free block out of the middle of the free queue", () => {
  const pool = new BlockPool(4);
  pool.touch([2]);
  assertEquals([pool.freeBlockIds(), pool.numFreeBlocks, pool.refCount(2)], [[0, 1, 3], 3, 1]);
  assertEquals(pool.getNewBlocks(3), [0, 1, 3]);
});

Deno.test("BlockPool.getNewBlocks() drops the cache entry of each block it takes, and only those", () => {
  const pool = new BlockPool(3);
  pool.getNewBlocks(3);
  const keys = [0, 1, 2].map((i) => makeBlockKey(null, [i, i], 0, 2));
  keys.forEach((key, id) => pool.cacheFullBlock(id, key));
  pool.freeBlocks([2, 1, 0]);
  assertEquals(pool.numCachedBlocks, 3); // free, still cached
  assertEquals(pool.getNewBlocks(1), [2]);
  assertEquals([pool.numCachedBlocks, pool.blockKey(2), pool.getCachedBlock(keys[2])], [
    2,
    null,
    undefined,
  ]);
  assertEquals(pool.getCachedBlock(keys[1])?.blockId, 1);
});

Deno.test("BlockPool.cacheFullBlock() leaves a block uncached when an equal key is cached", () => {
  const pool = new BlockPool(2);
  pool.getNewBlocks(2);
  assertEquals(pool.cacheFullBlock(0, makeBlockKey(null, [5, 6], 0, 2)), true);
  assertEquals(pool.cacheFullBlock(1, makeBlockKey(null, [5, 6], 0, 2)), false);
  assertEquals([pool.blockKey(1), pool.numCachedBlocks], [null, 1]);
});

Deno.test("BlockPool refuses bad sizes and misuse, changing nothing", () => {
  assertThrows(
    () => new BlockPool(0),
    RangeError,
    "Expected numKvBlocks to be an integer >= 1 but found 0",
  );
  const pool = new BlockPool(2);
  assertThrows(
    () => pool.getNewBlocks(3),
    RangeError,
    "Expected at most the 2 free blocks to be taken but found 3",
  );
  assertEquals(pool.freeBlockIds(), [0, 1]);
  pool.getNewBlocks(1);
  assertThrows(
    () => pool.freeBlocks([0, 1]),
    RangeError,
    "Expected block 1 to be held before it is freed but found it free",
  );
  assertEquals([pool.refCount(0), pool.freeBlockIds()], [1, [1]]);
  pool.cacheFullBlock(0, makeBlockKey(null, [1], 0, 1));
  assertThrows(
    () => pool.cacheFullBlock(0, makeBlockKey(null, [2], 0, 1)),
    RangeError,
    "Expected block 0 to be uncached but found it cached",
  );
});
