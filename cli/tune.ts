/**
 * `deno task tune`: the budget and threshold with the highest capacity
 * within the SLOs (see `lib/tuning/tune.ts`).
 *
 * ```sh
 * deno task tune --model llama2-7b-a100 --workload chat --slo-tbt-ms 100 --slo-ttft-ms 5000 --format table
 * ```
 *
 * Prints the recommendation and the table as one JSON object, or as a table
 * to read with `--format table`. Bad flags or files print one line on stderr
 * and exit 2; when no config meets the SLOs, one line naming the closest and
 * exit 1.
 *
 * @module
 */
import type { ProfileName } from "../lib/time/profiles.ts";
import { NoConfigMeetsSloError } from "../lib/tuning/no_config_meets_slo_error.ts";
import { tune, type TuneResult } from "../lib/tuning/tune.ts";
import { COMMON_FLAGS, parseFlags, runCommand, workloadOf } from "./tuning_args.ts";

const USAGE =
  "Usage: deno task tune --model NAME --workload chat|code|arxiv|FILE --slo-tbt-ms N [--slo-ttft-ms N] [--budgets 256,512,...] [--thresholds 0,256,...] [--requests 2048] [--seed N] [--format json|table]";

const FLAGS = {
  ...COMMON_FLAGS,
  "--budgets": { rule: { kind: "integers", min: 1 }, default: undefined },
  "--thresholds": { rule: { kind: "integers", min: 0 }, default: undefined },
  "--format": { rule: { kind: "choice", values: ["json", "table"] }, default: "json" },
} as const;

/**
 * The table as text: one row per config, best first, columns aligned.
 *
 * @example
 * ```ts
 * import { tuneTable } from "stallfree/cli/tune.ts";
 * import { assertEquals } from "@std/assert";
 * const metrics = { p99TbtMs: 90.04, medianSchedulingDelayMs: 12.3, medianTtftMs: 80, p99TtftMs: 900.4, requestThroughput: 4.9 };
 * const row = { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 0, capacityQps: 5, metrics, violation: null };
 * assertEquals(tuneTable({ best: row, table: [row] }).split("\n")[2], "512     0                 5.000        90.0          900               12  best");
 * ```
 */
export function tuneTable({ table }: TuneResult): string {
  const head = ["budget", "threshold", "capacity QPS", "P99 TBT ms", "P99 TTFT ms"];
  const rows = table.map((row, i) => [
    String(row.maxNumBatchedTokens),
    String(row.longPrefillTokenThreshold),
    row.capacityQps === null ? "none" : row.capacityQps.toFixed(3),
    row.metrics.p99TbtMs.toFixed(1),
    row.metrics.p99TtftMs.toFixed(0),
    row.metrics.medianSchedulingDelayMs.toFixed(0),
    i === 0 ? "best" : row.violation ?? "",
  ]);
  const all = [[...head, "median delay ms", ""], ...rows];
  const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => c < 2 ? cell.padEnd(widths[c]) : c < 6 ? cell.padStart(widths[c]) : cell)
      .join("  ").trimEnd();
  return [line(all[0]), widths.slice(0, 6).map((w) => "-".repeat(w)).join("  "), ...rows.map(line)]
    .join("\n");
}

/**
 * The command's output for `args`: JSON, or the table.
 *
 * @example
 * ```ts
 * import { tuneOutput } from "stallfree/cli/tune.ts";
 * import { assertEquals } from "@std/assert";
 * const out = JSON.parse(tuneOutput(["--model", "llama2-7b-a100", "--workload", "chat", "--slo-tbt-ms", "100", "--budgets", "512", "--thresholds", "0", "--requests", "32"]));
 * assertEquals(out.best.maxNumBatchedTokens, 512);
 * ```
 */
export function tuneOutput(args: readonly string[]): string {
  const flags = parseFlags(args, FLAGS, USAGE);
  const workload = workloadOf(flags["--workload"] as string);
  const sloTtftP99Ms = flags["--slo-ttft-ms"] as number | undefined;
  const result = tune(workload, flags["--model"] as ProfileName, {
    sloTbtMs: flags["--slo-tbt-ms"] as number,
    ...(sloTtftP99Ms === undefined ? {} : { sloTtftP99Ms }),
    numRequests: flags["--requests"] as number,
    seed: flags["--seed"] as number,
    ...(flags["--budgets"] ? { budgets: flags["--budgets"] as number[] } : {}),
    ...(flags["--thresholds"] ? { thresholds: flags["--thresholds"] as number[] } : {}),
  });
  return flags["--format"] === "table" ? tuneTable(result) : JSON.stringify(result);
}

if (import.meta.main) runCommand("tune", () => tuneOutput(Deno.args), [NoConfigMeetsSloError]);
