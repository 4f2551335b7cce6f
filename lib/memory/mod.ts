/**
 * The memory model of chapter 6 ("Memory and policies"), engine-independent:
 * a pool of KV blocks with a free queue and reference counts (`BlockPool`), an
 * exact prefix cache of full blocks keyed by (parent key, tokens), and the
 * per-request bookkeeping the scheduler calls each step (`KvCacheManager`).
 * Names follow vLLM v1's `block_pool.py`, `kv_cache_manager.py` and
 * `single_type_kv_cache_manager.py`, in camelCase.
 *
 * @example
 * ```ts
 * import { KvCacheManager } from "stallfree/lib/memory/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const kv = new KvCacheManager({ numKvBlocks: 4, blockSize: 2, enablePrefixCaching: true });
 * const a = { id: "a", tokens: [7, 7, 8, 8, 9], numTokens: 5, numComputedTokens: 0 };
 * kv.allocateSlots(a, 5);
 * kv.cacheBlocks({ ...a, numComputedTokens: 5 }); // end of step: blocks 0 and 1 are full
 * kv.free("a");
 * const hit = kv.getComputedBlocks({ ...a, id: "b" });
 * assertEquals([hit.blockIds, hit.numComputedTokens], [[0, 1], 4]);
 * ```
 *
 * @module
 */
export * from "./block_hash_to_block_map.ts";
export * from "./block_key.ts";
export * from "./block_math.ts";
export * from "./block_pool.ts";
export * from "./cache_hit.ts";
export * from "./free_block_queue.ts";
export * from "./kv_cache_config.ts";
export * from "./kv_cache_manager.ts";
