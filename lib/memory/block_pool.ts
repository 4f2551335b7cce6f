/**
 * The KV block pool (vLLM's `BlockPool`): `numKvBlocks` blocks, a reference
 * count each, the free queue, and the prefix cache's index. A block is in the
 * free queue exactly when its reference count is 0; a free block may still be
 * cached, and stays a hit until it reaches the front and is taken. So the prefix
 * cache's LRU eviction is nothing but the free queue's order.
 *
 * @module
 */
import { requireInteger } from "../validate.ts";
import type { BlockKey } from "./block_key.ts";
import { BlockHashToBlockMap, type CachedBlock } from "./block_hash_to_block_map.ts";
import { FreeKvCacheBlockQueue } from "./free_block_queue.ts";

/**
 * The pool. Blocks are plain ids in `[0, numBlocks)`; which request holds which
 * is `KvCacheManager`'s business.
 *
 * @example Taken from the front, freed to the back, evicted when taken
 * ```ts
 * import { BlockPool } from "stallfree/lib/memory/block_pool.ts";
 * import { makeBlockKey } from "stallfree/lib/memory/block_key.ts";
 * import { assertEquals } from "@std/assert";
 * const pool = new BlockPool(3);
 * assertEquals(pool.getNewBlocks(2), [0, 1]);
 * pool.cacheFullBlock(0, makeBlockKey(null, [4, 2], 0, 2));
 * pool.freeBlocks([1, 0]); // last block first: block 0, the prefix, is evicted last
 * assertEquals(pool.freeBlockIds(), [2, 1, 0]);
 * assertEquals(pool.getNewBlocks(3), [2, 1, 0]);
 * assertEquals(pool.numCachedBlocks, 0); // taking block 0 dropped its cache entry
 * ```
 */
export class BlockPool {
  /** How many blocks the pool has. */
  readonly numBlocks: number;
  #refCnt: Int32Array;
  #blockKeys: (BlockKey | null)[];
  #freeBlockQueue: FreeKvCacheBlockQueue;
  #cache = new BlockHashToBlockMap();

  /** `numBlocks` free blocks, queued in id order. */
  constructor(numBlocks: number) {
    this.numBlocks = requireInteger("numKvBlocks", numBlocks, 1);
    this.#refCnt = new Int32Array(numBlocks);
    this.#blockKeys = new Array(numBlocks).fill(null);
    this.#freeBlockQueue = new FreeKvCacheBlockQueue(numBlocks);
  }

  /** Blocks nobody holds (cached or not). */
  get numFreeBlocks(): number {
    return this.#freeBlockQueue.numFreeBlocks;
  }

  /** Blocks some request holds: `numBlocks - numFreeBlocks`. */
  get numUsedBlocks(): number {
    return this.numBlocks - this.#freeBlockQueue.numFreeBlocks;
  }

  /** Blocks in the prefix cache, held or free. */
  get numCachedBlocks(): number {
    return this.#cache.size;
  }

  /** How many requests hold block `blockId`. */
  refCount(blockId: number): number {
    return this.#refCnt[blockId];
  }

  /** The key block `blockId` is cached under, or `null`. */
  blockKey(blockId: number): BlockKey | null {
    return this.#blockKeys[blockId];
  }

  /** The free queue, front (next taken) first. */
  freeBlockIds(): number[] {
    return this.#freeBlockQueue.blockIds();
  }

  /** Every cached block, a snapshot. */
  cachedBlocks(): CachedBlock[] {
    return this.#cache.entries();
  }

  /** The block cached under a key equal to `key`, if any. */
  getCachedBlock(key: BlockKey): CachedBlock | undefined {
    return this.#cache.get(key);
  }

  /**
   * Takes `numBlocks` blocks from the front of the free queue, dropping any
   * cache entry they carry, each now held once. Appends them to `into`.
   */
  getNewBlocks(numBlocks: number, into: number[] = []): number[] {
    if (numBlocks > this.numFreeBlocks) {
      throw new RangeError(
        `Expected at most the ${this.numFreeBlocks} free blocks to be taken but found ${numBlocks}`,
      );
    }
    for (let i = 0; i < numBlocks; i++) {
      const blockId = this.#freeBlockQueue.popLeft();
      const key = this.#blockKeys[blockId];
      if (key !== null) {
        this.#cache.remove(key, blockId);
        this.#blockKeys[blockId] = null;
      }
      this.#refCnt[blockId] = 1;
      into.push(blockId);
    }
    return into;
  }

  /** Holds each block once more: a prefix-cache hit. A free block leaves the free queue. */
  touch(blockIds: readonly number[]): void {
    for (const blockId of blockIds) {
      if (this.#refCnt[blockId]++ === 0) this.#freeBlockQueue.remove(blockId);
    }
  }

  /**
   * Lets go of each block once, in eviction order: a block nobody holds any
   * more joins the back of the free queue, first given first evicted.
   */
  freeBlocks(orderedBlockIds: readonly number[]): void {
    for (const blockId of orderedBlockIds) {
      if (this.#refCnt[blockId] === 0) {
        throw new RangeError(
          `Expected block ${blockId} to be held before it is freed but found it free`,
        );
      }
    }
    for (const blockId of orderedBlockIds) {
      if (--this.#refCnt[blockId] === 0) this.#freeBlockQueue.append(blockId);
    }
  }

  /**
   * Caches full block `blockId` under `key`, unless an equal key is already
   * cached (then the block stays uncached). Says whether it was cached.
   */
  cacheFullBlock(blockId: number, key: BlockKey): boolean {
    if (this.#blockKeys[blockId] !== null) {
      throw new RangeError(`Expected block ${blockId} to be uncached but found it cached`);
    }
    if (!this.#cache.insert(key, blockId)) return false;
    this.#blockKeys[blockId] = key;
    return true;
  }
}
