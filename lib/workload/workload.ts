/**
 * Workloads: the JSON format `deno task sim` reads, and seeded generators.
 *
 * A workload file is a JSON array of
 * `{ "id": string, "arrival": int, "prompt": int[] | "promptLen": int, "maxTokens": int }`;
 * with `promptLen`, the prompt's token ids are generated from the id, so the
 * same file always means the same prompts.
 *
 * @module
 */
import type { Request } from "../engine/request.ts";
import { createRandom, seedFromString } from "./random.ts";
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";
import { validateRequest } from "../engine/request.ts";

/**
 * A prompt of `promptLen` token ids in `[0, vocabSize)`, determined by `id`.
 *
 * @example
 * ```ts
 * import { promptFromId } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(promptFromId("r0", 3), promptFromId("r0", 3));
 * assertEquals(promptFromId("r0", 5).length, 5);
 * ```
 */
export function promptFromId(id: string, promptLen: number, vocabSize = 50257): number[] {
  const random = createRandom(seedFromString(id));
  return Array.from({ length: promptLen }, () => random.int(0, vocabSize - 1));
}

/**
 * Turns parsed workload JSON into requests, refusing anything malformed with
 * an error that names the entry and field (`workload[3].promptLen`).
 *
 * @example
 * ```ts
 * import { parseWorkload } from "stallfree";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const [r] = parseWorkload([{ id: "r0", arrival: 2, promptLen: 4, maxTokens: 1 }]);
 * assertEquals([r.arrival, r.prompt.length], [2, 4]);
 * assertThrows(() => parseWorkload([{ id: "r0", arrival: -1, prompt: [1], maxTokens: 1 }]),
 *   RangeError, "Expected workload[0].arrival to be an integer >= 0 but found -1");
 * ```
 */
export function parseWorkload(data: unknown, vocabSize = 50257): Request[] {
  if (!Array.isArray(data)) {
    throw new TypeError(`Expected workload to be an array but found ${describeValue(data)}`);
  }
  const seen = new Map<string, number>();
  return data.map((entry, i) => {
    const at = `workload[${i}]`;
    const fields = requireKnownKeys(at, entry, [
      "id",
      "arrival",
      "prompt",
      "promptLen",
      "maxTokens",
    ]);
    if (typeof fields.id !== "string" || fields.id === "") {
      throw new TypeError(
        `Expected ${at}.id to be a non-empty string but found ${describeValue(fields.id)}`,
      );
    }
    if (seen.has(fields.id)) {
      throw new RangeError(
        `Expected ${at}.id to be unique but found "${fields.id}" (also workload[${
          seen.get(fields.id)
        }].id)`,
      );
    }
    seen.set(fields.id, i);
    const arrival = requireInteger(`${at}.arrival`, fields.arrival, 0);
    const maxTokens = requireInteger(`${at}.maxTokens`, fields.maxTokens, 1);
    if ((fields.prompt === undefined) === (fields.promptLen === undefined)) {
      throw new TypeError(
        `Expected ${at} to have exactly one of prompt and promptLen but found ${
          fields.prompt === undefined ? "neither" : "both"
        }`,
      );
    }
    const prompt = fields.prompt ??
      promptFromId(fields.id, requireInteger(`${at}.promptLen`, fields.promptLen, 1), vocabSize);
    const request: Request = { id: fields.id, prompt: prompt as number[], maxTokens, arrival };
    validateRequest(request, vocabSize);
    return request;
  });
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
