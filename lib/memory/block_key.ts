/**
 * A full block's prefix-cache key: (parent block's key, its tokens), as vLLM's
 * `hash_block_tokens` chains them. Ours is exact, never a false hit: a key
 * keeps its tokens and a link to its parent key, and two keys are the same only
 * when every block of the chain holds the same tokens. The 32-bit hash chain
 * only picks the bucket; a collision costs a comparison, never a wrong hit.
 * (vLLM trusts a 256-bit hash; a simulator that will be compared step by step
 * with another implementation must not depend on a hash's luck, in either
 * direction: no false hit and no false miss.)
 *
 * @module
 */

/** A full block's key: its parent's key (`null` for a request's first block), its tokens, a hash. */
export interface BlockKey {
  /** The key of the block before it, `null` for block 0. */
  readonly parent: BlockKey | null;
  /** The block's token ids (a plain array: a small typed array costs far more to allocate). */
  readonly tokens: readonly number[];
  /** A 32-bit hash of the whole chain, for bucketing only. */
  readonly hash: number;
}

const ROOT_HASH = 0x811c9dc5;

/**
 * The key of the block holding `tokens[start .. start + blockSize)`, after the
 * block whose key is `parent`.
 *
 * @example
 * ```ts
 * import { isSameBlockKey, makeBlockKey } from "stallfree/lib/memory/block_key.ts";
 * import { assert } from "@std/assert";
 * const a = makeBlockKey(null, [1, 2, 3, 4], 0, 2);
 * const b = makeBlockKey(a, [1, 2, 3, 4], 2, 2);
 * assert(isSameBlockKey(b, makeBlockKey(makeBlockKey(null, [1, 2], 0, 2), [3, 4], 0, 2)));
 * assert(!isSameBlockKey(b, makeBlockKey(null, [3, 4], 0, 2))); // same tokens, other parent
 * ```
 */
export function makeBlockKey(
  parent: BlockKey | null,
  tokens: ArrayLike<number>,
  start: number,
  blockSize: number,
): BlockKey {
  const own: number[] = [];
  let hash = parent === null ? ROOT_HASH : parent.hash;
  for (let i = 0; i < blockSize; i++) {
    const token = tokens[start + i];
    own.push(token);
    hash = Math.imul(hash ^ token, 0x85ebca6b);
    hash ^= hash >>> 13;
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x7feb352d); // murmur-style finish: spread every bit
  return { parent, tokens: own, hash: (hash ^ (hash >>> 15)) | 0 };
}

/**
 * Whether two keys name the same token prefix: same tokens in every block of
 * both chains. Walks up the chains only while the parents are distinct objects.
 *
 * @example
 * ```ts
 * import { isSameBlockKey, makeBlockKey } from "stallfree/lib/memory/block_key.ts";
 * import { assert } from "@std/assert";
 * assert(isSameBlockKey(makeBlockKey(null, [7, 8], 0, 2), makeBlockKey(null, [7, 8], 0, 2)));
 * assert(!isSameBlockKey(makeBlockKey(null, [7, 8], 0, 2), makeBlockKey(null, [8, 7], 0, 2)));
 * ```
 */
export function isSameBlockKey(a: BlockKey, b: BlockKey): boolean {
  let x: BlockKey | null = a, y: BlockKey | null = b;
  while (x !== y) {
    if (x === null || y === null || x.hash !== y.hash || !isSameTokens(x.tokens, y.tokens)) {
      return false;
    }
    x = x.parent;
    y = y.parent;
  }
  return true;
}

function isSameTokens(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
