/**
 * Summary statistics for latency samples: mean, nearest-rank percentiles and
 * correlation. Pure functions over plain arrays of numbers.
 *
 * @module
 */

function requireSamples(field: string, values: readonly number[]): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(
      `Expected ${field} to be a non-empty array of numbers but found ${
        Array.isArray(values) ? "an empty array" : typeof values
      }`,
    );
  }
  const bad = values.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(
      `Expected ${field}[${bad}] to be a finite number but found ${values[bad]}`,
    );
  }
}

/**
 * The arithmetic mean.
 *
 * @example
 * ```ts
 * import { mean } from "stallfree/lib/analysis/stats.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(mean([257, 2, 1, 1]), 65.25);
 * ```
 */
export function mean(values: readonly number[]): number {
  requireSamples("values", values);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * The `p`-th percentile by the nearest-rank method: the smallest sample with
 * at least `p`% of the samples at or below it. Always one of the samples, so
 * a p99 over 15 steps is the worst step.
 *
 * @example
 * ```ts
 * import { percentile } from "stallfree/lib/analysis/stats.ts";
 * import { assertEquals } from "@std/assert";
 * const costs = [257, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
 * assertEquals([percentile(costs, 50), percentile(costs, 99)], [1, 257]);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  requireSamples("values", values);
  if (typeof p !== "number" || !(p > 0 && p <= 100)) {
    throw new RangeError(`Expected p to be a number in (0, 100] but found ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

/**
 * Pearson's correlation coefficient of paired samples, in `[-1, 1]`; `NaN`
 * when either side is constant.
 *
 * @example
 * ```ts
 * import { correlation } from "stallfree/lib/analysis/stats.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(correlation([1, 2, 3], [2, 4, 6.5]), 0.9979, 1e-4);
 * ```
 */
export function correlation(xs: readonly number[], ys: readonly number[]): number {
  requireSamples("xs", xs);
  requireSamples("ys", ys);
  if (xs.length !== ys.length) {
    throw new RangeError(
      `Expected xs and ys to have the same length but found ${xs.length} and ${ys.length}`,
    );
  }
  const mx = mean(xs), my = mean(ys);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
