/**
 * The KV-cache knobs, named as vLLM names them, their validation, and the
 * refusal at the door of a request that could never fit. Off by default: with
 * no `numKvBlocks` the engine models no memory at all.
 *
 * @module
 */
import { describeValue, requireInteger } from "../validate.ts";
import { maxNumBlocksNeeded } from "./block_math.ts";

/** vLLM's default block size, in tokens. */
export const DEFAULT_BLOCK_SIZE = 16;

/** The most blocks, and the largest block size, accepted: 2^24 (a pool's counts fit typed arrays). */
export const MAX_KV_BLOCKS = 2 ** 24;

/** The KV-cache knobs as the engine's config spells them; all optional. */
export interface KvCacheOptions {
  /** Blocks in the pool; `undefined` turns the memory model off. @default {undefined} */
  numKvBlocks?: number;
  /** Tokens per block. @default {16} */
  blockSize?: number;
  /** Reuse cached full blocks on admission; needs `numKvBlocks`. @default {false} */
  enablePrefixCaching?: boolean;
}

/** A validated KV-cache configuration: the memory model is on. */
export interface KvCacheConfig {
  /** Blocks in the pool. */
  numKvBlocks: number;
  /** Tokens per block. */
  blockSize: number;
  /** Whether admission reuses cached full blocks. */
  enablePrefixCaching: boolean;
}

/**
 * Validates the KV-cache knobs and returns the configuration, or `null` when
 * `numKvBlocks` is unset (memory off). Throws a `RangeError` or `TypeError`
 * naming the field, the rule and the value found.
 *
 * @example
 * ```ts
 * import { resolveKvCacheConfig } from "stallfree/lib/memory/kv_cache_config.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(resolveKvCacheConfig({}), null);
 * assertEquals(resolveKvCacheConfig({ numKvBlocks: 8 }), {
 *   numKvBlocks: 8,
 *   blockSize: 16,
 *   enablePrefixCaching: false,
 * });
 * assertThrows(
 *   () => resolveKvCacheConfig({ enablePrefixCaching: true }),
 *   RangeError,
 *   "Expected numKvBlocks to be set when enablePrefixCaching is true but found undefined",
 * );
 * ```
 */
export function resolveKvCacheConfig(options: KvCacheOptions): KvCacheConfig | null {
  const { numKvBlocks, blockSize = DEFAULT_BLOCK_SIZE, enablePrefixCaching = false } = options;
  requireInteger("blockSize", blockSize, 1, MAX_KV_BLOCKS);
  if (typeof enablePrefixCaching !== "boolean") {
    throw new TypeError(
      `Expected enablePrefixCaching to be a boolean but found ${
        describeValue(enablePrefixCaching)
      }`,
    );
  }
  if (numKvBlocks === undefined) {
    if (enablePrefixCaching) {
      throw new RangeError(
        "Expected numKvBlocks to be set when enablePrefixCaching is true but found undefined",
      );
    }
    return null;
  }
  requireInteger("numKvBlocks", numKvBlocks, 1, MAX_KV_BLOCKS);
  return { numKvBlocks, blockSize, enablePrefixCaching };
}

/** What the door needs to know of a request. */
export interface RequestSize {
  /** The request's id, for the message. */
  id: string;
  /** Its prompt length. */
  promptLen: number;
  /** Its `maxTokens`. */
  maxTokens: number;
}

/**
 * Throws a `RangeError` if `request` could never fit the pool,
 * `ceil((promptLen + maxTokens - 1) / blockSize) > numKvBlocks`: it would be
 * preempted and readmitted forever. Validate before mutating anything.
 *
 * @example
 * ```ts
 * import { requireFitsKvCache } from "stallfree/lib/memory/kv_cache_config.ts";
 * import { assertThrows } from "@std/assert";
 * const config = { numKvBlocks: 2, blockSize: 16, enablePrefixCaching: false };
 * requireFitsKvCache({ id: "a", promptLen: 30, maxTokens: 3 }, config); // 32 positions: 2 blocks
 * assertThrows(
 *   () => requireFitsKvCache({ id: "b", promptLen: 30, maxTokens: 4 }, config),
 *   RangeError,
 *   'Expected request "b" to need at most numKvBlocks (2) blocks, ceil((promptLen + maxTokens - 1) / blockSize), but found 3',
 * );
 * ```
 */
export function requireFitsKvCache(request: RequestSize, config: KvCacheConfig): void {
  const needed = maxNumBlocksNeeded(request.promptLen, request.maxTokens, config.blockSize);
  if (needed > config.numKvBlocks) {
    throw new RangeError(
      `Expected request ${
        JSON.stringify(request.id)
      } to need at most numKvBlocks (${config.numKvBlocks}) blocks, ceil((promptLen + maxTokens - 1) / blockSize), but found ${needed}`,
    );
  }
}
