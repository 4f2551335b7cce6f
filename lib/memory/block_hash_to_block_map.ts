/**
 * The prefix cache's index (vLLM's `BlockHashToBlockMap`): from a full block's
 * key to the one block cached under it. Unlike vLLM, which keeps every block
 * cached under an equal hash, this engine caches a key at most once: a block
 * whose key is already cached stays out of the index.
 *
 * @module
 */
import { type BlockKey, isSameBlockKey } from "./block_key.ts";

/** A cached block: its key and its id. */
export interface CachedBlock {
  /** The key it is cached under. */
  readonly key: BlockKey;
  /** The block's id in the pool. */
  readonly blockId: number;
}

/**
 * Cached blocks by key, exact: a bucket per 32-bit hash, searched with
 * `isSameBlockKey`.
 *
 * @example
 * ```ts
 * import { BlockHashToBlockMap } from "stallfree/lib/memory/block_hash_to_block_map.ts";
 * import { makeBlockKey } from "stallfree/lib/memory/block_key.ts";
 * import { assertEquals } from "@std/assert";
 * const map = new BlockHashToBlockMap();
 * assertEquals(map.insert(makeBlockKey(null, [1, 2], 0, 2), 5), true);
 * assertEquals(map.insert(makeBlockKey(null, [1, 2], 0, 2), 6), false); // equal key: not cached
 * assertEquals(map.get(makeBlockKey(null, [1, 2], 0, 2))?.blockId, 5);
 * ```
 */
export class BlockHashToBlockMap {
  #buckets = new Map<number, CachedBlock[]>();
  #size = 0;

  /** How many blocks are cached. */
  get size(): number {
    return this.#size;
  }

  /** The block cached under a key equal to `key`, if any. */
  get(key: BlockKey): CachedBlock | undefined {
    const bucket = this.#buckets.get(key.hash);
    if (bucket === undefined) return undefined;
    for (const cached of bucket) if (isSameBlockKey(cached.key, key)) return cached;
    return undefined;
  }

  /** Caches `blockId` under `key`, unless an equal key is cached; says whether it did. */
  insert(key: BlockKey, blockId: number): boolean {
    const bucket = this.#buckets.get(key.hash);
    if (bucket === undefined) {
      this.#buckets.set(key.hash, [{ key, blockId }]);
    } else {
      for (const cached of bucket) if (isSameBlockKey(cached.key, key)) return false;
      bucket.push({ key, blockId });
    }
    this.#size++;
    return true;
  }

  /** Drops the entry of `blockId` cached under `key` (its own key object). */
  remove(key: BlockKey, blockId: number): void {
    const bucket = this.#buckets.get(key.hash);
    const index = bucket?.findIndex((cached) => cached.blockId === blockId) ?? -1;
    if (bucket === undefined || index < 0) {
      throw new RangeError(`Expected block ${blockId} to be cached but found it missing`);
    }
    if (bucket.length === 1) this.#buckets.delete(key.hash);
    else bucket.splice(index, 1);
    this.#size--;
  }

  /** Every cached block, a snapshot in no particular order. */
  entries(): CachedBlock[] {
    return [...this.#buckets.values()].flat();
  }
}
