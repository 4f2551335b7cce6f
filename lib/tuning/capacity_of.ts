/**
 * The capacity of one deployment, as Sarathi-Serve measures it: the highest
 * arrival rate whose P99 time between tokens (TBT) stays within the SLO and
 * whose median scheduling delay is at most 2 s, by `capacity`'s bracket and
 * bisection over seeded runs of a fixed number of requests (2,048 by default).
 *
 * TBT is pooled over every gap between consecutive tokens of every request,
 * vLLM's ITL, not the per-request TPOT: Sarathi-Serve's capacity search takes
 * the P99 of `decode_token_execution_plus_preemption_time`, the "inter-token
 * delay observed by the user" per decode token, and the median of
 * `request_scheduling_delay`, against 2 s by default
 * (github.com/microsoft/sarathi-serve at 96f9911,
 * `sarathi/benchmark/capacity_search/capacity_search.py` and `main.py`;
 * `sarathi/metrics/README.md`).
 *
 * @module
 */
import {
  capacity,
  type CapacityOptions,
  type CapacityResult,
  type ProbeOutcome,
} from "./capacity.ts";
import { type EngineConfig, resolveConfig } from "../engine/config.ts";
import type { ProfileName } from "../time/profiles.ts";
import { runTimed } from "../time/run_timed.ts";
import type { StepTimeProfile } from "../time/step_time.ts";
import { describeValue, requireKnownKeys } from "../validate.ts";
import { type CapacitySlo, sloViolation } from "./capacity_slo.ts";
import { type ProbeMetrics, probeMetrics } from "./probe_metrics.ts";
import { type CapacityWorkload, type OfferedWorkload, workloadAtRate } from "./workload_at_rate.ts";

/** Options for {@linkcode capacityOf}. */
export interface CapacityOfOptions extends CapacitySlo {
  /** The step-time model: a profile, or its name. */
  profile: StepTimeProfile | ProfileName;
  /** Requests per probe. @default {2048} */
  numRequests?: number;
  /** The workload's seed (unused by a trace). @default {0} */
  seed?: number;
  /** The search's rates and precision (see `capacity`). @default {{ minQps: 1 / 16 }} */
  search?: CapacityOptions;
}

/**
 * The probe a capacity search runs: `config` serving `workload` at a rate on
 * `options.profile`, its metrics, and whether they meet the SLOs.
 *
 * @example
 * ```ts
 * import { capacityProbe } from "stallfree/lib/tuning/capacity_of.ts";
 * import { assertEquals } from "@std/assert";
 * const probe = capacityProbe({ lengths: "chat" }, { maxNumBatchedTokens: 512 }, {
 *   profile: "llama2-7b-a100", sloTbtMs: 100, numRequests: 64,
 * });
 * assertEquals(probe(1).isSloMet, true);
 * assertEquals(probe(500).isSloMet, false); // the queue: median scheduling delay > 2 s
 * ```
 */
export function capacityProbe(
  workload: CapacityWorkload | OfferedWorkload,
  config: Partial<EngineConfig>,
  options: Omit<CapacityOfOptions, "search">,
): (qps: number) => ProbeOutcome<ProbeMetrics> {
  requireKnownKeys("options", options, [
    ...["profile", "sloTbtMs", "sloTtftP99Ms", "maxSchedulingDelayMs"],
    ...["numRequests", "seed", "search"],
  ]);
  const { profile, numRequests = 2048, seed = 0 } = options;
  const slo = requireSlo(options);
  resolveConfig(config);
  const offered = typeof workload === "function"
    ? workload
    : workloadAtRate(workload, { numRequests, seed });
  return (qps) => {
    const metrics = probeMetrics(runTimed(offered(qps), config, { profile }));
    return { isSloMet: sloViolation(metrics, slo) === null, metrics };
  };
}

/**
 * The highest rate, in requests per second, at which `config` serves
 * `workload` within the SLOs on `options.profile`, with the metrics there and
 * every probe: `capacity` over {@linkcode capacityProbe}. Deterministic: the
 * same arguments give the same probes, answer and JSON. Throws
 * `NoCapacityError` when even `search.minQps` fails. `workload` may also be
 * a `workloadAtRate` already built, so searches over several configs
 * generate the prompts once (`numRequests` and `seed` are then its own).
 *
 * @example
 * ```ts
 * import { capacityOf } from "stallfree/lib/tuning/capacity_of.ts";
 * import { assert, assertEquals } from "@std/assert";
 * const options = { profile: "llama2-7b-a100" as const, sloTbtMs: 500, numRequests: 128 };
 * const config = { maxNumBatchedTokens: 2048, longPrefillTokenThreshold: 512 };
 * const result = capacityOf({ lengths: "chat" }, config, options);
 * assert(result.capacityQps > 1 && result.metrics.p99TbtMs <= 500);
 * assertEquals(result, capacityOf({ lengths: "chat" }, config, options));
 * ```
 */
export function capacityOf(
  workload: CapacityWorkload | OfferedWorkload,
  config: Partial<EngineConfig>,
  options: CapacityOfOptions,
): CapacityResult<ProbeMetrics> {
  const { search = {}, ...rest } = options;
  return capacity(capacityProbe(workload, config, rest), { minQps: 1 / 16, ...search });
}

function requireSlo(options: CapacitySlo): CapacitySlo {
  const { sloTbtMs, sloTtftP99Ms, maxSchedulingDelayMs } = options;
  const entries = { sloTbtMs, sloTtftP99Ms, maxSchedulingDelayMs };
  for (const [field, value] of Object.entries(entries)) {
    if (value === undefined && field !== "sloTbtMs") continue;
    if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
      throw new RangeError(
        `Expected ${field} to be a finite number > 0 but found ${describeValue(value)}`,
      );
    }
  }
  return entries as CapacitySlo;
}
