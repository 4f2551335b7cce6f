/**
 * Workloads: the JSON format `deno task sim` reads, the deterministic prompts
 * it names by length, and a seeded generator.
 *
 * A workload file is a JSON array of
 * `{ "id": string, "arrival": int, "prompt": int[] | "promptLen": int, "maxTokens": int }`;
 * with `promptLen`, the prompt's token ids are generated from the id, so the
 * same file always means the same prompts. Its limits are in `check_workload.ts`.
 *
 * @module
 */
import type { Request } from "../engine/request.ts";
import { checkWorkload, type WorkloadEntry } from "./check_workload.ts";
import { createRandom, type NumberSlots, seedFromString } from "./random.ts";
import { requireInteger } from "../validate.ts";

/**
 * A prompt of `promptLen` token ids in `[0, vocabSize)`, determined by `id`.
 *
 * @example
 * ```ts
 * import { promptFromId } from "stallfree/lib/workload/workload.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(promptFromId("r0", 3), promptFromId("r0", 3));
 * assertEquals(promptFromId("r0", 5).length, 5);
 * ```
 */
export function promptFromId(id: string, promptLen: number, vocabSize = 50257): number[] {
  return createRandom(seedFromString(id)).ints(promptLen, 0, vocabSize - 1);
}

/**
 * Writes `promptFromId(id, target.length, vocabSize)` into `target` and
 * returns it: the same prompt, with no array allocated (`deno task sim` reuses
 * one buffer for every prompt it generates).
 *
 * @example
 * ```ts
 * import { promptFromId, writePromptFromId } from "stallfree/lib/workload/workload.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals([...writePromptFromId(new Uint16Array(4), "r0")], promptFromId("r0", 4));
 * ```
 */
export function writePromptFromId<T extends NumberSlots>(
  target: T,
  id: string,
  vocabSize = 50257,
): T {
  return createRandom(seedFromString(id)).fill(target, 0, vocabSize - 1);
}

/**
 * Turns parsed workload JSON into requests, refusing anything malformed or
 * past the limits with an error that names the entry and field
 * (`workload[3].promptLen`). Every entry is checked before any prompt is
 * generated: `checkWorkload`, then `toRequest` on each.
 *
 * @example
 * ```ts
 * import { parseWorkload } from "stallfree/lib/workload/workload.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const [r] = parseWorkload([{ id: "r0", arrival: 2, promptLen: 4, maxTokens: 1 }]);
 * assertEquals([r.arrival, r.prompt.length], [2, 4]);
 * assertThrows(() => parseWorkload([{ id: "r0", arrival: -1, prompt: [1], maxTokens: 1 }]),
 *   RangeError, "Expected workload[0].arrival to be an integer in [0, 1099511627776] but found -1");
 * ```
 */
export function parseWorkload(data: unknown, vocabSize = 50257): Request[] {
  return checkWorkload(data, vocabSize).map((entry) => toRequest(entry, vocabSize));
}

/**
 * The request a checked entry stands for, its prompt generated from the id
 * when the file gave only a length.
 *
 * @example
 * ```ts
 * import { promptFromId, toRequest } from "stallfree/lib/workload/workload.ts";
 * import { assertEquals } from "@std/assert";
 * const request = toRequest({ id: "r0", arrival: 1, promptLen: 3, maxTokens: 2 });
 * assertEquals(request, { id: "r0", prompt: promptFromId("r0", 3), maxTokens: 2, arrival: 1 });
 * ```
 */
export function toRequest(entry: WorkloadEntry, vocabSize = 50257): Request {
  const { id, prompt, promptLen, maxTokens, arrival } = entry;
  return { id, prompt: prompt ?? promptFromId(id, promptLen, vocabSize), maxTokens, arrival };
}

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
    const prompt = random.ints(random.int(promptLen[0], promptLen[1]), 0, vocabSize - 1);
    return { id: `r${i}`, arrival: Math.floor(time), prompt, maxTokens: random.int(...maxTokens) };
  });
}

function requireRange(field: string, range: [number, number]): void {
  requireInteger(`${field}[0]`, range[0], 1);
  requireInteger(`${field}[1]`, range[1], range[0]);
}
