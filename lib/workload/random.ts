/**
 * Seeded randomness: the only source of chance in results. Same seed, same
 * numbers, on every machine.
 *
 * @module
 */
import { requireInteger } from "../validate.ts";

/** A seeded pseudo-random generator (mulberry32: small, fast, 32-bit state). */
export interface Random {
  /** A float in `[0, 1)`. */
  next(): number;
  /** An integer uniform in `[min, max]`, both ends included. */
  int(min: number, max: number): number;
  /** `count` integers uniform in `[min, max]`: the same numbers as `count` calls of `int`. */
  ints(count: number, min: number, max: number): number[];
  /** Fills `target` with the numbers `ints(target.length, min, max)` would give; returns it. */
  fill<T extends NumberSlots>(target: T, min: number, max: number): T;
  /** An exponential variate with the given rate (mean `1 / rate`). */
  exponential(rate: number): number;
}

/**
 * Creates a generator from an integer seed.
 *
 * @example
 * ```ts
 * import { createRandom } from "stallfree/lib/workload/random.ts";
 * import { assertEquals } from "@std/assert";
 * const a = createRandom(42), b = createRandom(42);
 * assertEquals([a.int(1, 6), a.int(1, 6)], [b.int(1, 6), b.int(1, 6)]);
 * assertEquals(a.ints(3, 1, 6), [b.int(1, 6), b.int(1, 6), b.int(1, 6)]);
 * assertEquals([...a.fill(new Uint16Array(2), 1, 6)], b.ints(2, 1, 6));
 * ```
 */
export function createRandom(seed: number): Random {
  let state = requireInteger("seed", seed, 0) | 0;
  const next = () => {
    state = (state + INCREMENT) | 0;
    return mix(state) / 2 ** 32;
  };
  const fill = <T extends NumberSlots>(target: T, min: number, max: number): T => {
    state = fillUniform(target, state, min, max);
    return target;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    ints: (count, min, max) => {
      // Filled with zeros first, so that V8 keeps the array packed (without holes): packed
      // arrays copy into the engine's token slabs about twice as fast.
      return fill(new Array<number>(requireInteger("count", count, 0)).fill(0), min, max);
    },
    fill,
    exponential: (rate) => -Math.log(1 - next()) / rate,
  };
}

/** What `fill` writes into: an array of numbers, or a typed array. */
export type NumberSlots = { readonly length: number; [index: number]: number };

const INCREMENT = 0x6d2b79f5;

/** Fills `target` with integers uniform in `[min, max]` from `state` on; returns the state after. */
function fillUniform(target: NumberSlots, state: number, min: number, max: number): number {
  let s = state; // a local copy: the loop runs several times faster than calls of next()
  const range = max - min + 1;
  if (range <= 2 ** 16) {
    // The same floor(u * range / 2^32) in 32-bit integers, about a fifth faster (a vocabulary
    // of up to 65,536 ids): with u = hi * 2^16 + lo, it is floor((hi * range + floor(lo * range
    // / 2^16)) / 2^16), exactly, and no term reaches 2^32.
    for (let i = 0; i < target.length; i++) {
      s = (s + INCREMENT) | 0;
      const u = mix(s);
      target[i] = min + (((u >>> 16) * range + (((u & 0xffff) * range) >>> 16)) >>> 16);
    }
    return s;
  }
  for (let i = 0; i < target.length; i++) {
    s = (s + INCREMENT) | 0;
    target[i] = min + Math.floor((mix(s) / 2 ** 32) * range);
  }
  return s;
}

/** mulberry32's output for a state, as an unsigned 32-bit integer. */
function mix(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * A seed derived from a string (FNV-1a), so that anything named gets its own
 * reproducible stream.
 *
 * @example
 * ```ts
 * import { seedFromString } from "stallfree/lib/workload/random.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 * assertEquals(seedFromString("r0"), seedFromString("r0"));
 * assertNotEquals(seedFromString("r0"), seedFromString("r1"));
 * ```
 */
export function seedFromString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
