/**
 * The engine's knobs, named as vLLM names them, and their validation.
 *
 * @module
 */
import { requireInteger, requireKnownKeys } from "../validate.ts";
import { MEMORY_DEFAULTS, type MemoryConfig, resolveMemoryConfig } from "./memory_config.ts";

/**
 * Decides whether a request samples a token after a step, from its counters
 * after the step. The engine's default is {@linkcode samplingGuard}; chapter 1
 * swaps in a broken one to show the guard is load-bearing.
 */
export type SamplingPredicate = (numComputedTokens: number, numTokens: number) => boolean;

/**
 * The sampling guard: sample only once every position has KV. A mid-prefill
 * chunk emits nothing.
 *
 * @example
 * ```ts
 * import { samplingGuard } from "stallfree/lib/engine/config.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(samplingGuard(8, 8), true);
 * assertEquals(samplingGuard(4, 8), false);
 * ```
 */
export function samplingGuard(numComputedTokens: number, numTokens: number): boolean {
  return numComputedTokens === numTokens;
}

/** The engine's configuration; every field has a default. */
export interface EngineConfig extends MemoryConfig {
  /** The token budget: the most tokens one step may schedule, summed over requests. @default {2048} */
  maxNumBatchedTokens: number;
  /** The most tokens one request may advance in one step; 0 turns the cap off. @default {0} */
  longPrefillTokenThreshold: number;
  /** The most requests running at once. @default {256} */
  maxNumSeqs: number;
  /** The toy model's vocabulary size (GPT-2's); token ids lie in `[0, vocabSize)`. @default {50257} */
  vocabSize: number;
  /** When a request samples. @default {samplingGuard} */
  isReadyToSample: SamplingPredicate;
}

/** The largest vocabulary (2^31): every token id then fits the engine's 32-bit token arrays. */
export const MAX_VOCAB_SIZE = 2 ** 31;

/** The defaults; `deno task sim` takes its defaults from here. */
export const DEFAULT_CONFIG: Readonly<EngineConfig> = Object.freeze({
  maxNumBatchedTokens: 2048,
  longPrefillTokenThreshold: 0,
  maxNumSeqs: 256,
  vocabSize: 50257,
  isReadyToSample: samplingGuard,
  ...MEMORY_DEFAULTS,
});

const KEYS = Object.keys(DEFAULT_CONFIG);

/**
 * Fills in defaults and validates every field, throwing a `RangeError` or
 * `TypeError` that names the field, the rule and the value found.
 *
 * @example
 * ```ts
 * import { resolveConfig } from "stallfree/lib/engine/config.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(resolveConfig({ maxNumBatchedTokens: 512 }).maxNumSeqs, 256);
 * assertThrows(
 *   () => resolveConfig({ longPrefillTokenThreshold: 1.5 }),
 *   RangeError,
 *   "Expected longPrefillTokenThreshold to be an integer >= 0 but found 1.5",
 * );
 * ```
 */
export function resolveConfig(options: Partial<EngineConfig> = {}): EngineConfig {
  requireKnownKeys("config", options, KEYS);
  const config = { ...DEFAULT_CONFIG, ...withoutUndefined(options) };
  requireInteger("maxNumBatchedTokens", config.maxNumBatchedTokens, 1);
  requireInteger("longPrefillTokenThreshold", config.longPrefillTokenThreshold, 0);
  requireInteger("maxNumSeqs", config.maxNumSeqs, 1);
  requireInteger("vocabSize", config.vocabSize, 2, MAX_VOCAB_SIZE);
  if (typeof config.isReadyToSample !== "function") {
    throw new TypeError(
      `Expected isReadyToSample to be a function but found ${typeof config.isReadyToSample}`,
    );
  }
  resolveMemoryConfig(config);
  if (config.numKvBlocks !== undefined && config.isReadyToSample !== samplingGuard) {
    throw new RangeError(
      "Expected isReadyToSample to be samplingGuard when numKvBlocks is set (a preempted request recomputes its prompt and must not sample mid-way) but found another function",
    );
  }
  return config;
}

function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<
    T
  >;
}
