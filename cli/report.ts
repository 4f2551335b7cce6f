/**
 * What `deno task sim` prints, written as a stream: the report one request at
 * a time, the trace one step at a time.
 *
 * @module
 */
import type { EngineTotals } from "../lib/engine/engine.ts";
import type { RequestResult } from "../lib/engine/request_state.ts";
import type { StepRecord } from "../lib/engine/step_record.ts";

/** What the report says of one request: `output` is left out under `--no-outputs`. */
export type ReportedRequest =
  & Pick<RequestResult, "ttftSteps" | "finishStep" | "numPreemptions" | "numCachedTokens">
  & { output?: number[] };

/** The engine's totals, and with KV blocks on, the preemptions over the run. */
export type ReportTotals = EngineTotals & { preemptions?: number };

/**
 * The JSON object `deno task sim` prints: the engine's totals, then each
 * request. With `--num-kv-blocks`, `preemptions` follows the totals and each
 * request adds `numPreemptions` and `numCachedTokens`.
 */
export interface SimReport extends ReportTotals {
  /** Each request's metrics, keyed by id. */
  requests: Record<string, ReportedRequest>;
}

/** Where text goes: a `Sink`, or anything with the same `write`. */
export interface TextSink {
  /** Adds `text`. */
  write(text: string): void;
}

/**
 * Writes the report as `JSON.stringify` would lay out a {@linkcode SimReport}
 * (ids that are array indices first, in numeric order, the rest in workload
 * order), fetching one request's result at a time.
 *
 * @example
 * ```ts
 * import { writeReport } from "stallfree/cli/report.ts";
 * import { assertEquals } from "@std/assert";
 * let text = "";
 * const totals = { totalSteps: 2, maxStepTokens: 3, requestSteps: 3, tokens: 4 };
 * const results = { b: { ttftSteps: 1, finishStep: 1, output: [7, 8] }, 0: { ttftSteps: null, finishStep: null, output: [] } };
 * writeReport({ write: (t) => text += t }, totals, ["b", "0"], (id) => results[id as "b"], true);
 * assertEquals(JSON.parse(text), { ...totals, requests: results });
 * assertEquals(text, JSON.stringify({ ...totals, requests: results }) + "\n");
 * ```
 */
export function writeReport(
  sink: TextSink,
  totals: ReportTotals,
  ids: readonly string[],
  resultOf: (id: string) => ReportedRequest,
  outputs: boolean,
): void {
  sink.write(`${JSON.stringify(totals).slice(0, -1)},"requests":{`);
  let separator = "";
  for (const id of jsonKeyOrder(ids)) {
    const { ttftSteps, finishStep, numPreemptions, numCachedTokens, output } = resultOf(id);
    const metrics = numPreemptions === undefined
      ? { ttftSteps, finishStep }
      : { ttftSteps, finishStep, numPreemptions, numCachedTokens };
    sink.write(`${separator}${JSON.stringify(id)}:`);
    separator = ",";
    if (!outputs) sink.write(JSON.stringify(metrics));
    else if (output!.length <= PIECE) sink.write(JSON.stringify({ ...metrics, output }));
    else {
      sink.write(JSON.stringify({ ...metrics, output: [] }).slice(0, -2));
      for (let i = 0; i < output!.length; i += PIECE) {
        sink.write((i > 0 ? "," : "") + JSON.stringify(output!.slice(i, i + PIECE)).slice(1, -1));
      }
      sink.write("]}");
    }
  }
  sink.write("}}\n");
}

/**
 * One trace line for a step: `{"step":3,"scheduled":[["a",4]]}`, chunks in
 * schedule order, then `"preempted":["b"]` when the step preempted anything.
 *
 * @example
 * ```ts
 * import { traceLine } from "stallfree/cli/report.ts";
 * import { assertEquals } from "@std/assert";
 * const step = { step: 3, arrived: [], sampled: [], sampledTokenIds: [], finished: [], scheduled: [{ id: "a", numScheduledTokens: 4, contextLen: 4 }] };
 * assertEquals(traceLine(step), '{"step":3,"scheduled":[["a",4]]}\n');
 * assertEquals(traceLine({ ...step, scheduled: [], preempted: ["b"] }), '{"step":3,"scheduled":[],"preempted":["b"]}\n');
 * ```
 */
export function traceLine(record: StepRecord): string {
  let chunks = "";
  for (const { id, numScheduledTokens } of record.scheduled) {
    chunks += `${chunks ? "," : ""}[${JSON.stringify(id)},${numScheduledTokens}]`;
  }
  const preempted = record.preempted?.length
    ? `,"preempted":${JSON.stringify(record.preempted)}`
    : "";
  return `{"step":${record.step},"scheduled":[${chunks}]${preempted}}\n`;
}

// Outputs longer than this go out in pieces, so no string grows with a request's output.
const PIECE = 1 << 16;

// JSON.stringify lists an object's array-index keys first, ascending; the report keeps that order.
function jsonKeyOrder(ids: readonly string[]): readonly string[] {
  const isIndex = (id: string) => /^(?:0|[1-9]\d{0,9})$/.test(id) && Number(id) < 2 ** 32 - 1;
  const indices = ids.filter(isIndex);
  if (indices.length === 0) return ids;
  return [...indices.sort((a, b) => Number(a) - Number(b)), ...ids.filter((id) => !isIndex(id))];
}
