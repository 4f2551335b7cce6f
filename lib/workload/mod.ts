/**
 * Workloads: the JSON file format, deterministic prompts, seeded generators
 * and the seeded random source they use.
 *
 * @example
 * ```ts
 * import { poissonWorkload } from "stallfree/lib/workload/mod.ts";
 * import { assertEquals } from "@std/assert";
 * const workload = poissonWorkload({ numRequests: 3, seed: 1 });
 * assertEquals(workload.length, 3);
 * ```
 *
 * @module
 */
export * from "./arrivals.ts";
export * from "./check_workload.ts";
export * from "./csv_columns.ts";
export * from "./gamma.ts";
export * from "./generate_workload.ts";
export * from "./length_table.ts";
export * from "./random.ts";
export * from "./request_length_tables.ts";
export * from "./trace_csv.ts";
export * from "./trace_request.ts";
export * from "./workload.ts";
