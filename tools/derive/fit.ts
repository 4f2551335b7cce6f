/**
 * Least-squares fits in relative error, for deriving the step-time table:
 * every measured point counts by its relative miss, so a 9 ms decode step
 * weighs as much as a 260 ms prefill.
 *
 * @module
 */
import { percentile } from "../../lib/analysis/stats.ts";
import { type LinearFit, linearMs } from "../../lib/time/step_time.ts";

/** A measured point: features `x` and the measured value `y` (> 0). */
export interface Sample {
  /** The features; the fit is `y ≈ sum(coef[i] * x[i])`. */
  x: number[];
  /** The measured value. */
  y: number;
}

/**
 * The coefficients minimising `sum(((coef · x) - y) / y)^2`, by the normal
 * equations (a handful of features, well scaled).
 *
 * @example
 * ```ts
 * import { fitRelative } from "stallfree/tools/derive/fit.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * const [a, b] = fitRelative([1, 2, 3].map((n) => ({ x: [1, n], y: 2 + 3 * n })));
 * assertAlmostEquals(a, 2, 1e-9);
 * assertAlmostEquals(b, 3, 1e-9);
 * ```
 */
export function fitRelative(samples: readonly Sample[]): number[] {
  const k = samples[0].x.length;
  const a = Array.from({ length: k }, () => new Array(k + 1).fill(0));
  for (const { x, y } of samples) {
    const w = 1 / (y * y);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) a[i][j] += w * x[i] * x[j];
      a[i][k] += w * x[i] * y;
    }
  }
  return solve(a);
}

/** Gauss-Jordan elimination with partial pivoting on an augmented `k x (k+1)` matrix. */
function solve(a: number[][]): number[] {
  const k = a.length;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let row = col + 1; row < k; row++) {
      if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) pivot = row;
    }
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let row = 0; row < k; row++) {
      if (row === col) continue;
      const f = a[row][col] / a[col][col];
      for (let j = col; j <= k; j++) a[row][j] -= f * a[col][j];
    }
  }
  return a.map((row, i) => row[k] / row[i]);
}

/** Median and worst relative error of a fit, over `count` measured points. */
export interface FitError {
  /** Median of `|model - measured| / measured`. */
  median: number;
  /** The largest of them. */
  worst: number;
  /** How many measured points. */
  count: number;
}

/**
 * How far `predict` lands from each measured `(x, y)`, relatively.
 *
 * @example
 * ```ts
 * import { fitError } from "stallfree/tools/derive/fit.ts";
 * import { assertEquals } from "@std/assert";
 * const error = fitError([[1, 10], [2, 20], [3, 40]], (x) => 10 * x);
 * assertEquals(error, { median: 0, worst: 0.25, count: 3 });
 * ```
 */
export function fitError<X>(points: readonly [X, number][], predict: (x: X) => number): FitError {
  const errors = points.map(([x, y]) => Math.abs(predict(x) - y) / y);
  return { median: percentile(errors, 50), worst: Math.max(...errors), count: points.length };
}

/**
 * Fits flat-then-linear to `(tokens, ms)` points: for each whole-token knee up
 * to the largest `tokens`, the best flat part and slope in relative error;
 * keeps the knee with the least total error.
 *
 * @example
 * ```ts
 * import { fitKnee } from "stallfree/tools/derive/fit.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const points: [number, number][] = [1, 50, 100, 200, 400].map((n) => [n, 5 + 0.1 * Math.max(0, n - 100)]);
 * const fit = fitKnee(points);
 * assertEquals(fit.kneeTokens, 100);
 * assertAlmostEquals(fit.msPerToken, 0.1, 1e-9);
 * ```
 */
export function fitKnee(points: readonly [number, number][]): LinearFit {
  let best = { fit: { flatMs: 0, msPerToken: 0, kneeTokens: 0 }, loss: Infinity };
  const largest = Math.max(...points.map(([n]) => n));
  for (let knee = 1; knee < largest; knee++) {
    const samples = points.map(([n, y]) => ({ x: [1, Math.max(0, n - knee)], y }));
    const [flatMs, msPerToken] = fitRelative(samples);
    const fit = { flatMs, msPerToken, kneeTokens: knee };
    const loss = points.reduce((sum, [n, y]) => sum + ((linearMs(n, fit) - y) / y) ** 2, 0);
    if (loss < best.loss) best = { fit, loss };
  }
  return best.fit;
}
