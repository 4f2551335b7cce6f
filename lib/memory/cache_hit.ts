/**
 * A waiting request's prefix-cache hit, found the way vLLM's
 * `FullAttentionManager.find_longest_cache_hit` finds it: walk the request's
 * full blocks from the first, stop at the first key not cached, and never
 * cover the last token (it must be computed for its state to be sampled).
 *
 * @module
 */
import { maxCacheHitBlocks } from "./block_math.ts";
import { type BlockKey, makeBlockKey } from "./block_key.ts";
import type { BlockPool } from "./block_pool.ts";

/** What the manager reads of a request; the engine's request state fits it as is. */
export interface KvRequest {
  /** The request's id. */
  readonly id: string;
  /** Prompt then outputs, from `offset`; positions `< numTokens` are read. */
  readonly tokens: ArrayLike<number>;
  /** Where position 0 lies in `tokens` (a request may share a buffer). @default {0} */
  readonly offset?: number;
  /** Prompt length + outputs so far. */
  readonly numTokens: number;
  /** Positions that already have KV. */
  readonly numComputedTokens: number;
}

/** The cached full blocks that count as computed when a request is admitted. */
export interface CacheHit {
  /** The hit blocks, in position order. */
  readonly blockIds: readonly number[];
  /** Their keys. */
  readonly keys: readonly BlockKey[];
  /** Positions the hit covers: `blockIds.length * blockSize`. */
  readonly numComputedTokens: number;
  /** Hit blocks nobody holds: taking them out of the free queue uses up free blocks. */
  readonly numEvictableBlocks: number;
}

/** No hit: what admission sees with prefix caching off. */
export const NO_CACHE_HIT: CacheHit = Object.freeze({
  blockIds: Object.freeze([]),
  keys: Object.freeze([]),
  numComputedTokens: 0,
  numEvictableBlocks: 0,
});

/**
 * The longest run of cached full blocks of `request.tokens[0 .. numTokens)`,
 * capped at `floor((numTokens - 1) / blockSize)` blocks. Changes nothing but
 * `memo`: the request's block keys, computed once and extended in place (keys
 * depend only on the tokens, which only grow), as vLLM keeps `block_hashes` on
 * the request.
 *
 * @example
 * ```ts
 * import { findLongestCacheHit } from "stallfree/lib/memory/cache_hit.ts";
 * import { BlockPool } from "stallfree/lib/memory/block_pool.ts";
 * import { makeBlockKey } from "stallfree/lib/memory/block_key.ts";
 * import { assertEquals } from "@std/assert";
 * const pool = new BlockPool(4);
 * pool.cacheFullBlock(3, makeBlockKey(null, [9, 9], 0, 2));
 * const request = { tokens: [9, 9, 5], numTokens: 3 };
 * assertEquals(findLongestCacheHit(pool, request, 2).blockIds, [3]);
 * assertEquals(findLongestCacheHit(pool, { ...request, numTokens: 2 }, 2).blockIds, []); // cap
 * ```
 */
export function findLongestCacheHit(
  pool: BlockPool,
  request: Pick<KvRequest, "tokens" | "numTokens" | "offset">,
  blockSize: number,
  memo: BlockKey[] = [],
): CacheHit {
  const maxBlocks = maxCacheHitBlocks(request.numTokens, blockSize);
  const offset = request.offset ?? 0;
  const blockIds: number[] = [], keys: BlockKey[] = [];
  let numEvictableBlocks = 0;
  for (let i = 0; i < maxBlocks; i++) {
    if (i === memo.length) {
      memo.push(
        makeBlockKey(memo[i - 1] ?? null, request.tokens, offset + i * blockSize, blockSize),
      );
    }
    const cached = pool.getCachedBlock(memo[i]);
    if (cached === undefined) break;
    memo[i] = cached.key; // the cached key object: the next key's parent, so comparisons stop here
    blockIds.push(cached.blockId);
    keys.push(cached.key);
    if (pool.refCount(cached.blockId) === 0) numEvictableBlocks++;
  }
  if (blockIds.length === 0) return NO_CACHE_HIT;
  return { blockIds, keys, numComputedTokens: blockIds.length * blockSize, numEvictableBlocks };
}
