/**
 * How many KV blocks a request holds, needs, and may hit in the prefix cache:
 * the three formulas of chapter 6 ("Memory and policies"), each written once.
 *
 * @module
 */

/**
 * The blocks that hold `numTokens` positions: `ceil(numTokens / blockSize)`.
 * A request scheduled `n` tokens must hold
 * `numRequiredBlocks(numComputedTokens + n, blockSize)` blocks (vLLM's
 * `cdiv(num_tokens, block_size)` in `get_num_blocks_to_allocate`).
 *
 * @example
 * ```ts
 * import { numRequiredBlocks } from "stallfree/lib/memory/block_math.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(numRequiredBlocks(16, 16), 1);
 * assertEquals(numRequiredBlocks(17, 16), 2);
 * assertEquals(numRequiredBlocks(0, 16), 0);
 * ```
 */
export function numRequiredBlocks(numTokens: number, blockSize: number): number {
  return Math.ceil(numTokens / blockSize);
}

/**
 * The most blocks a request can ever hold: its last token is sampled, never
 * computed, so `ceil((promptLen + maxTokens - 1) / blockSize)`. A request for
 * which this exceeds `numKvBlocks` could never finish and is refused when added.
 *
 * @example
 * ```ts
 * import { maxNumBlocksNeeded } from "stallfree/lib/memory/block_math.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(maxNumBlocksNeeded(16, 1, 16), 1); // 16 positions ever get KV
 * assertEquals(maxNumBlocksNeeded(16, 2, 16), 2); // the first output's KV opens block 2
 * ```
 */
export function maxNumBlocksNeeded(
  promptLen: number,
  maxTokens: number,
  blockSize: number,
): number {
  return numRequiredBlocks(promptLen + maxTokens - 1, blockSize);
}

/**
 * The most full blocks a prefix-cache hit may cover: `floor((numTokens - 1) /
 * blockSize)`, so that at least one token is computed and its state sampled
 * (vLLM's `max_cache_hit_length = request.num_tokens - 1`).
 *
 * @example
 * ```ts
 * import { maxCacheHitBlocks } from "stallfree/lib/memory/block_math.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(maxCacheHitBlocks(32, 16), 1); // two full blocks, but the last token must compute
 * assertEquals(maxCacheHitBlocks(33, 16), 2);
 * ```
 */
export function maxCacheHitBlocks(numTokens: number, blockSize: number): number {
  return Math.floor((numTokens - 1) / blockSize);
}
