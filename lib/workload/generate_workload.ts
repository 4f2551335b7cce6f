/**
 * Seeded synthetic workloads: real request lengths at a target rate.
 *
 * @module
 */
import { arrivalTimesMs } from "./arrivals.ts";
import { type LengthTable, sampleLengths, validateLengthTable } from "./length_table.ts";
import { createRandom, seedFromString } from "./random.ts";
import { type LengthTableName, requestLengthTables } from "./request_length_tables.ts";
import type { TraceRequest } from "./trace_request.ts";
import { describeValue, requireInteger, requireKnownKeys } from "../validate.ts";

/** What to generate. */
export interface WorkloadSpec {
  /** Request lengths: a trace's table by name, or a table of your own. */
  lengths: LengthTableName | LengthTable;
  /** Mean arrivals per second. */
  qps: number;
  /** How many requests. */
  numRequests: number;
  /** Gamma shape of the gaps between arrivals, as `vllm bench serve --burstiness`. @default {1} */
  burstiness?: number;
  /** The seed: same spec, same workload, bit for bit. */
  seed: number;
}

const KEYS = ["lengths", "qps", "numRequests", "burstiness", "seed"];

/**
 * Generates `numRequests` requests `r0, r1, ...` in arrival order (see
 * `arrivals.ts`), with lengths drawn from the spec's table. Arrivals and
 * lengths come from two streams of the seed, so `qps` and `burstiness` never
 * change the lengths, and `qps` only rescales the arrivals.
 *
 * @example
 * ```ts
 * import { generateWorkload } from "stallfree/lib/workload/generate_workload.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 * const spec = { lengths: "chat" as const, qps: 4, numRequests: 100, seed: 1 };
 * const requests = generateWorkload(spec);
 * assertEquals(requests, generateWorkload(spec));
 * assertAlmostEquals(requests[99].arrivalMs, 25000, 1e-9); // 100 requests at 4 per second
 * const slower = generateWorkload({ ...spec, qps: 2 });
 * assertEquals(slower.map((r) => r.promptLen), requests.map((r) => r.promptLen));
 * ```
 */
export function generateWorkload(spec: WorkloadSpec): TraceRequest[] {
  requireKnownKeys("spec", spec, KEYS);
  const table = lengthTableOf(spec.lengths);
  const seed = requireInteger("seed", spec.seed, 0);
  const times = arrivalTimesMs(createRandom(seedFromString(`arrivals ${seed}`)), spec);
  const random = createRandom(seedFromString(`lengths ${seed}`));
  return times.map((arrivalMs, i) => ({ id: `r${i}`, arrivalMs, ...sampleLengths(table, random) }));
}

function lengthTableOf(lengths: LengthTableName | LengthTable): LengthTable {
  if (typeof lengths === "object" && lengths !== null && !Array.isArray(lengths)) {
    validateLengthTable(lengths, "lengths");
    return lengths;
  }
  if (typeof lengths === "string" && Object.hasOwn(requestLengthTables, lengths)) {
    return requestLengthTables[lengths];
  }
  const names = Object.keys(requestLengthTables).map((name) => JSON.stringify(name)).join(", ");
  throw new TypeError(
    `Expected lengths to be one of ${names} or a length table but found ${describeValue(lengths)}`,
  );
}
