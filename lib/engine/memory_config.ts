/**
 * The engine's memory and policy knobs (chapter 6, "Memory and policies"),
 * named after vLLM's (`num_gpu_blocks`, `block_size`, `enable_prefix_caching`),
 * and their validation. All off by default: with the defaults the engine
 * models no memory and schedules stall-free.
 *
 * @module
 */
import { describeValue } from "../validate.ts";
import {
  DEFAULT_BLOCK_SIZE,
  type RequestSize,
  resolveKvCacheConfig,
} from "../memory/kv_cache_config.ts";

/** Who goes first in a step. */
export type SchedulingPolicy = "stall-free" | "prefill-first" | "prefill-priority";

/** The policies, the default first. */
export const POLICIES: readonly SchedulingPolicy[] = Object.freeze([
  "stall-free",
  "prefill-first",
  "prefill-priority",
]);

/** The memory and policy fields of the engine's config. */
export interface MemoryConfig {
  /** KV blocks in the pool (vLLM's `num_gpu_blocks`); unset, memory is not modelled. @default {undefined} */
  numKvBlocks?: number;
  /** Tokens per KV block (vLLM's `block_size`). @default {16} */
  blockSize: number;
  /** Reuse cached full blocks on admission (`enable_prefix_caching`); needs `numKvBlocks`. @default {false} */
  enablePrefixCaching: boolean;
  /** Admit only when blocks for the whole remaining prompt are free (vLLM PR #37307); needs `numKvBlocks`. @default {false} */
  reserveFullPrompt: boolean;
  /** Who goes first in a step. @default {"stall-free"} */
  policy: SchedulingPolicy;
  /** Under `prefill-priority`: admit first while blocks held are below this share of the pool. @default {0.9} */
  kvWatermark: number;
}

/** The defaults: memory off, stall-free. */
export const MEMORY_DEFAULTS: Readonly<MemoryConfig> = Object.freeze({
  numKvBlocks: undefined,
  blockSize: DEFAULT_BLOCK_SIZE,
  enablePrefixCaching: false,
  reserveFullPrompt: false,
  policy: "stall-free",
  kvWatermark: 0.9,
});

/**
 * Throws a `RangeError` or `TypeError` naming the field, the rule and the
 * value found unless the memory and policy fields of `config` are valid.
 *
 * @example
 * ```ts
 * import { MEMORY_DEFAULTS, resolveMemoryConfig } from "stallfree/lib/engine/memory_config.ts";
 * import { assertThrows } from "@std/assert";
 * resolveMemoryConfig({ ...MEMORY_DEFAULTS, numKvBlocks: 64, policy: "prefill-priority" });
 * assertThrows(
 *   () => resolveMemoryConfig({ ...MEMORY_DEFAULTS, kvWatermark: 1.5 }),
 *   RangeError,
 *   "Expected kvWatermark to be a number in [0, 1] but found 1.5",
 * );
 * ```
 */
export function resolveMemoryConfig(config: MemoryConfig): void {
  resolveKvCacheConfig(config);
  if (typeof config.reserveFullPrompt !== "boolean") {
    throw new TypeError(
      `Expected reserveFullPrompt to be a boolean but found ${
        describeValue(config.reserveFullPrompt)
      }`,
    );
  }
  if (config.reserveFullPrompt && config.numKvBlocks === undefined) {
    throw new RangeError(
      "Expected numKvBlocks to be set when reserveFullPrompt is true but found undefined",
    );
  }
  if (!POLICIES.includes(config.policy)) {
    throw new RangeError(
      `Expected policy to be one of ${POLICIES.join(", ")} but found ${
        describeValue(config.policy)
      }`,
    );
  }
  const w = config.kvWatermark;
  if (typeof w !== "number" || !(w >= 0 && w <= 1)) {
    const ErrorType = typeof w === "number" ? RangeError : TypeError;
    throw new ErrorType(
      `Expected kvWatermark to be a number in [0, 1] but found ${describeValue(w)}`,
    );
  }
}

/**
 * Under `prefill-first`, throws a `RangeError` for a request whose whole
 * recompute, `promptLen + maxTokens - 1` tokens, could not fit one step's budget:
 * that policy never chunks, so it could never be admitted again.
 *
 * @example
 * ```ts
 * import { requireFitsPolicy } from "stallfree/lib/engine/memory_config.ts";
 * import { assertThrows } from "@std/assert";
 * const config = { policy: "prefill-first", maxNumBatchedTokens: 8 } as const;
 * requireFitsPolicy({ id: "a", promptLen: 6, maxTokens: 3 }, config);
 * assertThrows(
 *   () => requireFitsPolicy({ id: "b", promptLen: 6, maxTokens: 4 }, config),
 *   RangeError,
 *   'Expected request "b" to need at most maxNumBatchedTokens (8) tokens under policy prefill-first, promptLen + maxTokens - 1, but found 9',
 * );
 * ```
 */
export function requireFitsPolicy(
  request: RequestSize,
  config: { policy: SchedulingPolicy; maxNumBatchedTokens: number },
): void {
  if (config.policy !== "prefill-first") return;
  const needed = request.promptLen + request.maxTokens - 1;
  if (needed > config.maxNumBatchedTokens) {
    throw new RangeError(
      `Expected request ${
        JSON.stringify(request.id)
      } to need at most maxNumBatchedTokens (${config.maxNumBatchedTokens}) tokens under policy prefill-first, promptLen + maxTokens - 1, but found ${needed}`,
    );
  }
}
