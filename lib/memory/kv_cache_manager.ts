/**
 * Which blocks each request holds (vLLM's `KVCacheManager`, one full-attention
 * group): `getComputedBlocks` (a waiting request's cache hit), `allocateSlots`
 * (a chunk's blocks, or a refusal that changes nothing), `cacheBlocks` (end of
 * step), `free` (last block first). Does not model sliding windows, swapping
 * to CPU or speculative tokens.
 *
 * @module
 */
import { numRequiredBlocks } from "./block_math.ts";
import { type BlockKey, makeBlockKey } from "./block_key.ts";
import { BlockPool } from "./block_pool.ts";
import type { KvCacheConfig } from "./kv_cache_config.ts";
import { type CacheHit, findLongestCacheHit, type KvRequest, NO_CACHE_HIT } from "./cache_hit.ts";

interface RequestBlocks {
  blockIds: number[];
  /** Keys of the request's first full blocks, those already offered to the cache. */
  keys: BlockKey[];
}

/**
 * Blocks per request over one `BlockPool`.
 *
 * @example A chunk that needs a new block gets it; freeing returns last block first
 * ```ts
 * import { KvCacheManager } from "stallfree/lib/memory/kv_cache_manager.ts";
 * import { assertEquals } from "@std/assert";
 * const kv = new KvCacheManager({ numKvBlocks: 3, blockSize: 4, enablePrefixCaching: false });
 * const a = { id: "a", tokens: [1, 2, 3, 4, 5, 6], numTokens: 6, numComputedTokens: 0 };
 * assertEquals(kv.allocateSlots(a, 6), true); // ceil(6 / 4) = 2 blocks
 * assertEquals(kv.blockIds("a"), [0, 1]);
 * assertEquals(kv.allocateSlots({ ...a, id: "b" }, 6), false); // 1 free block: refused, nothing held
 * kv.free("a");
 * assertEquals(kv.blockPool.freeBlockIds(), [2, 1, 0]);
 * ```
 */
export class KvCacheManager {
  /** The validated configuration. */
  readonly config: Readonly<KvCacheConfig>;
  /** The pool the blocks come from. */
  readonly blockPool: BlockPool;
  #reqToBlocks = new Map<string, RequestBlocks>();
  #keyMemos = new Map<string, { tokens: ArrayLike<number>; offset: number; keys: BlockKey[] }>();

  /** An empty manager over a fresh pool of `config.numKvBlocks` blocks. */
  constructor(config: KvCacheConfig) {
    this.config = Object.freeze({ ...config });
    this.blockPool = new BlockPool(config.numKvBlocks);
  }

  /** Blocks held by requests: cached blocks in the free queue do not count. */
  get numUsedBlocks(): number {
    return this.blockPool.numUsedBlocks;
  }

  /** The blocks request `requestId` holds, in position order. */
  blockIds(requestId: string): readonly number[] {
    return this.#reqToBlocks.get(requestId)?.blockIds ?? [];
  }

  /**
   * A waiting request's prefix-cache hit: the longest run of cached full blocks
   * of its tokens, at most `floor((numTokens - 1) / blockSize)`. Changes
   * nothing in the pool (the request's block keys are kept until `free`);
   * pass it to `allocateSlots` before anything else touches the pool.
   */
  getComputedBlocks(request: KvRequest): CacheHit {
    if (!this.config.enablePrefixCaching) return NO_CACHE_HIT;
    const { id, tokens, offset = 0 } = request;
    let memo = this.#keyMemos.get(id);
    if (memo === undefined || memo.tokens !== tokens || memo.offset !== offset) {
      memo = { tokens, offset, keys: [] };
      this.#keyMemos.set(id, memo);
    }
    return findLongestCacheHit(this.blockPool, request, this.config.blockSize, memo.keys);
  }

  /**
   * Free blocks the request would use up to hold `numNewTokens` more positions
   * after its `numComputedTokens` and `hit`: new blocks plus the hit blocks it
   * would take out of the free queue.
   */
  numBlocksToAllocate(request: KvRequest, numNewTokens: number, hit = NO_CACHE_HIT): number {
    const held = this.#reqToBlocks.get(request.id);
    return Math.max(0, this.#numNewBlocks(held, request, numNewTokens, hit)) +
      hit.numEvictableBlocks;
  }

  /** Whether the pool can supply what `numBlocksToAllocate` counts: a check, not an allocation. */
  canAllocate(request: KvRequest, numNewTokens: number, hit = NO_CACHE_HIT): boolean {
    return this.numBlocksToAllocate(request, numNewTokens, hit) <= this.blockPool.numFreeBlocks;
  }

  /**
   * Gives the request its `hit` (shared, reference counted) and the new blocks
   * from the free queue's front for `numNewTokens` more positions. Returns
   * `false`, changing nothing, if the pool cannot supply them.
   */
  allocateSlots(request: KvRequest, numNewTokens: number, hit = NO_CACHE_HIT): boolean {
    let held = this.#reqToBlocks.get(request.id);
    if (held !== undefined && hit.blockIds.length > 0) {
      throw new RangeError(
        `Expected request ${
          JSON.stringify(request.id)
        } to hold no blocks when given a cache hit but found ${held.blockIds.length}`,
      );
    }
    const numNew = this.#numNewBlocks(held, request, numNewTokens, hit);
    if (numNew <= 0 && hit === NO_CACHE_HIT) return true; // a decode inside its last block
    if (Math.max(0, numNew) + hit.numEvictableBlocks > this.blockPool.numFreeBlocks) return false;
    if (held === undefined) {
      held = { blockIds: [], keys: [] };
      this.#reqToBlocks.set(request.id, held);
    }
    if (hit.blockIds.length > 0) {
      this.blockPool.touch(hit.blockIds); // hits first: new blocks never evict them
      held.blockIds.push(...hit.blockIds);
      held.keys.push(...hit.keys);
    }
    if (numNew > 0) this.blockPool.getNewBlocks(numNew, held.blockIds);
    return true;
  }

  #numNewBlocks(held: RequestBlocks | undefined, r: KvRequest, n: number, hit: CacheHit): number {
    const numTokens = r.numComputedTokens + hit.numComputedTokens + n;
    const numHeld = (held?.blockIds.length ?? 0) + hit.blockIds.length;
    return numRequiredBlocks(numTokens, this.config.blockSize) - numHeld;
  }

  /**
   * At the end of a step: offers each of the request's blocks that became full
   * (its last position computed) to the prefix cache, in position order. A
   * block whose key is already cached stays out.
   */
  cacheBlocks(request: KvRequest): void {
    if (!this.config.enablePrefixCaching) return;
    const held = this.#reqToBlocks.get(request.id);
    if (held === undefined) return;
    const { blockSize } = this.config;
    const numFullBlocks = Math.floor(request.numComputedTokens / blockSize);
    const offset = request.offset ?? 0;
    for (let i = held.keys.length; i < numFullBlocks; i++) {
      const start = offset + i * blockSize;
      const key = makeBlockKey(held.keys[i - 1] ?? null, request.tokens, start, blockSize);
      const cached = this.blockPool.getCachedBlock(key);
      if (cached === undefined) this.blockPool.cacheFullBlock(held.blockIds[i], key);
      held.keys.push(cached?.key ?? key); // one key object per prefix keeps comparisons short
    }
  }

  /** Lets go of every block the request holds, last block first; unknown ids hold nothing. */
  free(requestId: string): void {
    this.#keyMemos.delete(requestId);
    const held = this.#reqToBlocks.get(requestId);
    if (held === undefined) return;
    this.#reqToBlocks.delete(requestId);
    this.blockPool.freeBlocks(held.blockIds.reverse());
  }
}
