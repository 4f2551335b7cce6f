/**
 * The error a search throws when no configuration meets its SLO: an impossible
 * SLO is loud, never answered with a "best effort".
 *
 * @module
 */

/** The least-bad configuration a failed search found, and its spike. */
export interface LeastBadConfig {
  /** `maxNumBatchedTokens` of the least-bad config. */
  maxNumBatchedTokens: number;
  /** `longPrefillTokenThreshold` of the least-bad config. */
  longPrefillTokenThreshold: number;
  /** Its largest step, which still broke the SLO. */
  maxStepTokens: number;
}

/**
 * No configuration in the grid kept the largest step within the SLO.
 *
 * @example
 * ```ts
 * import { SloUnsatisfiableError } from "stallfree/lib/analysis/slo_unsatisfiable_error.ts";
 * import { assertEquals } from "@std/assert";
 * const error = new SloUnsatisfiableError(16, { maxNumBatchedTokens: 32, longPrefillTokenThreshold: 8, maxStepTokens: 18 });
 * assertEquals(error instanceof RangeError, true);
 * assertEquals(error.message, "Expected a config with maxStepTokens <= 16 (the SLO) but the least-bad, budget 32 and threshold 8, peaks at 18");
 * ```
 */
export class SloUnsatisfiableError extends RangeError {
  /** The SLO no config met. */
  readonly maxStepTokensSlo: number;
  /** The config whose spike came closest. */
  readonly leastBad: LeastBadConfig;

  /**
   * Builds the error from the SLO and the config that came closest to it.
   *
   * @param maxStepTokensSlo The SLO.
   * @param leastBad The config that came closest.
   */
  constructor(maxStepTokensSlo: number, leastBad: LeastBadConfig) {
    super(
      `Expected a config with maxStepTokens <= ${maxStepTokensSlo} (the SLO) but the least-bad, budget ${leastBad.maxNumBatchedTokens} and threshold ${leastBad.longPrefillTokenThreshold}, peaks at ${leastBad.maxStepTokens}`,
    );
    this.name = "SloUnsatisfiableError";
    this.maxStepTokensSlo = maxStepTokensSlo;
    this.leastBad = leastBad;
  }
}
