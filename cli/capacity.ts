/**
 * `deno task capacity`: the capacity of one config, as Sarathi-Serve
 * measures it (see `lib/tuning/capacity_of.ts`).
 *
 * ```sh
 * deno task capacity --model llama2-7b-a100 --workload chat --budget 512 --threshold 512 --slo-tbt-ms 100
 * ```
 *
 * Prints one JSON object: the question (model, workload, config, SLOs,
 * requests, seed), then `capacityQps`, `failQps`, the `metrics` at
 * `capacityQps` and every probe. Bad flags or files print one line on stderr
 * and exit 2; when no rate meets the SLOs, one line and exit 1.
 *
 * @module
 */
import { type CapacityResult, NoCapacityError } from "../lib/tuning/capacity.ts";
import type { ProfileName } from "../lib/time/profiles.ts";
import { capacityOf } from "../lib/tuning/capacity_of.ts";
import type { CapacitySlo } from "../lib/tuning/capacity_slo.ts";
import type { ProbeMetrics } from "../lib/tuning/probe_metrics.ts";
import { COMMON_FLAGS, parseFlags, runCommand, workloadOf } from "./tuning_args.ts";

const USAGE =
  "Usage: deno task capacity --model NAME --workload chat|code|arxiv|FILE --budget N [--threshold N] --slo-tbt-ms N [--slo-ttft-ms N] [--requests 2048] [--seed N]";

const FLAGS = {
  ...COMMON_FLAGS,
  "--budget": { rule: { kind: "integer", min: 1 }, default: null },
  "--threshold": { rule: { kind: "integer", min: 0 }, default: 0 },
} as const;

/** What `deno task capacity` prints: the question, then `capacity`'s answer. */
export interface CapacityReport extends CapacityResult<ProbeMetrics> {
  /** The step-time profile, as `--model` named it. */
  model: ProfileName;
  /** `--workload` as typed. */
  workload: string;
  /** The config searched. */
  config: { maxNumBatchedTokens: number; longPrefillTokenThreshold: number };
  /** The SLOs, the 2 s scheduling delay included. */
  slo: CapacitySlo;
  /** Requests per probe. */
  numRequests: number;
  /** The workload's seed. */
  seed: number;
}

/**
 * The report for `args`, as the command prints it (before `JSON.stringify`).
 *
 * @example
 * ```ts
 * import { capacityReport } from "stallfree/cli/capacity.ts";
 * import { assert } from "@std/assert";
 * const report = capacityReport(["--model", "llama2-7b-a100", "--workload", "chat", "--budget", "512", "--slo-tbt-ms", "100", "--requests", "64"]);
 * assert(report.capacityQps > 0);
 * ```
 */
export function capacityReport(args: readonly string[]): CapacityReport {
  const flags = parseFlags(args, FLAGS, USAGE);
  const model = flags["--model"] as ProfileName;
  const config = {
    maxNumBatchedTokens: flags["--budget"] as number,
    longPrefillTokenThreshold: flags["--threshold"] as number,
  };
  const slo = {
    sloTbtMs: flags["--slo-tbt-ms"] as number,
    ...(flags["--slo-ttft-ms"] === undefined
      ? {}
      : { sloTtftP99Ms: flags["--slo-ttft-ms"] as number }),
  };
  const numRequests = flags["--requests"] as number, seed = flags["--seed"] as number;
  const workload = workloadOf(flags["--workload"] as string);
  const result = capacityOf(workload, config, { profile: model, ...slo, numRequests, seed });
  return {
    model,
    workload: flags["--workload"] as string,
    config,
    slo: { ...slo, maxSchedulingDelayMs: 2000 },
    numRequests,
    seed,
    ...result,
  };
}

if (import.meta.main) {
  runCommand("capacity", () => JSON.stringify(capacityReport(Deno.args)), [NoCapacityError]);
}
