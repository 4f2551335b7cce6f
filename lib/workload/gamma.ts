/**
 * Gamma variates from the seeded generator, which itself offers only uniform
 * and exponential ones.
 *
 * @module
 */
import type { Random } from "./random.ts";

/**
 * A gamma variate with the given `shape` and scale 1 (mean `shape`, variance
 * `shape`), drawn from `random` by Marsaglia and Tsang's squeeze method ("A
 * simple method for generating gamma variables", ACM TOMS 26(3), 2000), with
 * their boost `gamma(shape + 1) * u^(1/shape)` for shapes below 1.
 *
 * @example
 * ```ts
 * import { sampleGamma } from "stallfree/lib/workload/gamma.ts";
 * import { createRandom } from "stallfree/lib/workload/random.ts";
 * import { assertAlmostEquals } from "@std/assert";
 * const random = createRandom(1);
 * const draws = Array.from({ length: 20000 }, () => sampleGamma(random, 4));
 * assertAlmostEquals(draws.reduce((a, b) => a + b) / draws.length, 4, 0.1);
 * ```
 */
export function sampleGamma(random: Random, shape: number): number {
  if (typeof shape !== "number" || !(shape > 0 && Number.isFinite(shape))) {
    throw new RangeError(`Expected shape to be a finite number > 0 but found ${shape}`);
  }
  if (shape < 1) return sampleGamma(random, shape + 1) * (1 - random.next()) ** (1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v;
    }
  }
}

/** A standard normal variate (Box-Muller, cosine branch). */
function sampleNormal(random: Random): number {
  const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
  return radius * Math.cos(2 * Math.PI * random.next());
}
