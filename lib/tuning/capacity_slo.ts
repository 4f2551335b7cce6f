/**
 * The SLOs a rate must meet for capacity, and which one a measurement breaks.
 *
 * @module
 */
import type { ProbeMetrics } from "./probe_metrics.ts";

/** The SLOs a rate must meet, in ms. */
export interface CapacitySlo {
  /** Most P99 TBT allowed. */
  sloTbtMs: number;
  /** Most P99 TTFT allowed; none when absent. */
  sloTtftP99Ms?: number;
  /** Most median scheduling delay allowed. @default {2000} */
  maxSchedulingDelayMs?: number;
}

/**
 * Whether `metrics` meet `slo`; `null` when they do, else the first SLO they
 * break, as a line naming the metric, its value and the limit.
 *
 * @example
 * ```ts
 * import { sloViolation } from "stallfree/lib/tuning/capacity_slo.ts";
 * import { assertEquals } from "@std/assert";
 * const metrics = { p99TbtMs: 120, medianSchedulingDelayMs: 5, medianTtftMs: 80, p99TtftMs: 900, requestThroughput: 2 };
 * assertEquals(sloViolation(metrics, { sloTbtMs: 500 }), null);
 * assertEquals(sloViolation(metrics, { sloTbtMs: 100 }), "P99 TBT 120 ms > 100 ms");
 * ```
 */
export function sloViolation(metrics: ProbeMetrics, slo: CapacitySlo): string | null {
  const { sloTbtMs, sloTtftP99Ms = Infinity, maxSchedulingDelayMs = 2000 } = slo;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  if (metrics.p99TbtMs > sloTbtMs) return `P99 TBT ${round(metrics.p99TbtMs)} ms > ${sloTbtMs} ms`;
  if (metrics.medianSchedulingDelayMs > maxSchedulingDelayMs) {
    return `median scheduling delay ${
      round(metrics.medianSchedulingDelayMs)
    } ms > ${maxSchedulingDelayMs} ms`;
  }
  if (metrics.p99TtftMs > sloTtftP99Ms) {
    return `P99 TTFT ${round(metrics.p99TtftMs)} ms > ${sloTtftP99Ms} ms`;
  }
  return null;
}
