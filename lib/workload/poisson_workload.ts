/**
 * Requests with Poisson arrivals and uniform lengths: the seeded generator the
 * benchmarks and chapters use.
 *
 * @module
 */
import type { Request } from "../engine/request.ts";
import { createRandom } from "./random.ts";
import { requireInteger } from "../validate.ts";

/** Options for {@linkcode poissonWorkload}. */
export interface PoissonWorkloadOptions {
  /** How many requests. */
  numRequests: number;
  /** Mean arrivals per step. @default {0.5} */
  arrivalRate?: number;
  /** Prompt lengths, uniform in `[min, max]`. @default {[16, 1024]} */
  promptLen?: [number, number];
  /** Output lengths, uniform in `[min, max]`. @default {[1, 256]} */
  maxTokens?: [number, number];
  /** The seed. @default {0} */
  seed?: number;
  /** Vocabulary for the prompts. @default {50257} */
  vocabSize?: number;
}

/**
 * Requests with Poisson arrivals (exponential gaps, floored to steps) and
 * uniform lengths, all from one seed. Ids are `r0`, `r1`, ...
 *
 * @example
 * ```ts
 * import { poissonWorkload } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const workload = poissonWorkload({ numRequests: 3, seed: 7 });
 * assertEquals(workload, poissonWorkload({ numRequests: 3, seed: 7 }));
 * assertEquals(workload.map((r) => r.id), ["r0", "r1", "r2"]);
 * ```
 */
export function poissonWorkload(options: PoissonWorkloadOptions): Request[] {
  const {
    numRequests,
    arrivalRate = 0.5,
    promptLen = [16, 1024],
    maxTokens = [1, 256],
    seed = 0,
    vocabSize = 50257,
  } = options;
  requireInteger("numRequests", numRequests, 0);
  requireInteger("vocabSize", vocabSize, 2);
  if (!(arrivalRate > 0 && Number.isFinite(arrivalRate))) {
    throw new RangeError(`Expected arrivalRate to be a finite number > 0 but found ${arrivalRate}`);
  }
  requireRange("promptLen", promptLen);
  requireRange("maxTokens", maxTokens);
  const random = createRandom(seed);
  let time = 0;
  return Array.from({ length: numRequests }, (_, i) => {
    time += random.exponential(arrivalRate);
    const prompt = Array.from(
      { length: random.int(promptLen[0], promptLen[1]) },
      () => random.int(0, vocabSize - 1),
    );
    return { id: `r${i}`, arrival: Math.floor(time), prompt, maxTokens: random.int(...maxTokens) };
  });
}

function requireRange(field: string, range: [number, number]): void {
  requireInteger(`${field}[0]`, range[0], 1);
  requireInteger(`${field}[1]`, range[1], range[0]);
}
