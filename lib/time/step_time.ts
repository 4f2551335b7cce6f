/**
 * A step's duration in milliseconds, from its record: what the GPU and the
 * host spend on the chunks the scheduler chose.
 *
 * `stepTimeMs = cpu + linear + attention + allReduce`, where
 * - cpu: host overhead per step (schedule, prepare inputs, sample, process
 *   outputs, worker communication), linear in the requests in the step;
 * - linear: every layer except the attention kernel, as a function of the
 *   step's total tokens: flat while memory-bound, then linear (the roofline);
 * - attention: per layer, a fixed kernel cost plus FLOPs over the GPU's peak
 *   (a chunk of `q` new tokens over `c` cached ones does `q * c + q(q + 1)/2`
 *   query-key pairs, `attentionPairs`) plus KV bytes over its bandwidth (every
 *   chunk reads its context's keys and values once);
 * - allReduce: two ring all-reduces of the activations per layer when the
 *   model is split over GPUs, at the NVLink bandwidth of one direction.
 *
 * Does not model all-reduce latency, pipeline parallelism, CUDA graphs or
 * overlap of host and GPU work.
 *
 * @module
 */
import type { ScheduledChunk, StepRecord } from "../engine/step_record.ts";
import {
  attentionFlopsPerPair,
  attentionPairs,
  BYTES_PER_VALUE,
  type GpuSpec,
  kvBytesPerToken,
  type ModelShape,
} from "./hardware.ts";

/** Flat, then linear: `flatMs + msPerToken * max(0, tokens - kneeTokens)`. */
export interface LinearFit {
  /** The flat part, in ms. */
  flatMs: number;
  /** The slope past the knee, in ms per token. */
  msPerToken: number;
  /** Where the slope starts, in tokens. */
  kneeTokens: number;
}

/** Attention per layer: a fixed cost, and the fractions of peak FLOP/s and bandwidth reached. */
export interface AttentionFit {
  /** Kernel cost per layer per step, in ms. */
  fixedMsPerLayer: number;
  /** Fraction of the peak FLOP/s the attention kernel reaches. */
  flopEfficiency: number;
  /** Fraction of the HBM bandwidth it reaches reading KV. */
  bandwidthEfficiency: number;
}

/** Host overhead per step: `fixedMs + msPerRequest * requests in the step`. */
export interface CpuFit {
  /** The part every step pays, in ms. */
  fixedMs: number;
  /** The part each scheduled request adds, in ms. */
  msPerRequest: number;
}

/** Everything `stepTimeMs` needs: a model on a GPU, split over `tensorParallel` GPUs. */
export interface StepTimeProfile {
  /** The profile's name, e.g. `"llama2-7b-a100"`. */
  name: string;
  /** The model's shape. */
  model: ModelShape;
  /** The GPU's stated peaks. */
  gpu: GpuSpec;
  /** GPUs the model is split over (tensor parallelism). */
  tensorParallel: number;
  /** The linear layers of the whole model, per step. */
  linear: LinearFit;
  /** The attention kernel. */
  attention: AttentionFit;
  /** Host overhead. */
  cpu: CpuFit;
}

/** A step's duration, term by term, in ms. */
export interface StepTimeParts {
  /** Host overhead. */
  cpuMs: number;
  /** Linear layers (all but the attention kernel). */
  linearMs: number;
  /** The attention kernel, all layers. */
  attentionMs: number;
  /** Tensor-parallel all-reduces. */
  allReduceMs: number;
  /** The sum: the step's duration. */
  totalMs: number;
}

/**
 * The linear layers' time for a step of `numTokens` tokens.
 *
 * @example
 * ```ts
 * import { linearMs } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const fit = { flatMs: 9, msPerToken: 0.06, kneeTokens: 100 };
 * assertEquals([linearMs(1, fit), linearMs(100, fit), linearMs(200, fit)], [9, 9, 15]);
 * ```
 */
export function linearMs(numTokens: number, fit: LinearFit): number {
  return fit.flatMs + fit.msPerToken * Math.max(0, numTokens - fit.kneeTokens);
}

/**
 * One layer's attention time, on one GPU, for a step's chunks.
 *
 * @example One decode over 4,096 positions of Llama-2-7B: 64 MiB of KV
 * ```ts
 * import { attentionLayerMs, GPUS, MODELS } from "stallfree";
 * import { assertAlmostEquals } from "@std/assert";
 * const attention = { fixedMsPerLayer: 0, flopEfficiency: 1, bandwidthEfficiency: 1 };
 * const profile = { model: MODELS["llama2-7b"], gpu: GPUS.a100, tensorParallel: 1, attention };
 * const chunks = [{ id: "a", numScheduledTokens: 1, contextLen: 4096 }];
 * // 4096 x 16384 bytes at 2,039 GB/s, plus 4096 pairs x 4 x 128 x 32 FLOPs at 312 TFLOP/s
 * assertAlmostEquals(attentionLayerMs(chunks, profile), 0.03291 + 0.00022, 1e-5);
 * ```
 */
export function attentionLayerMs(
  chunks: readonly ScheduledChunk[],
  profile: Pick<StepTimeProfile, "model" | "gpu" | "tensorParallel" | "attention">,
): number {
  if (chunks.length === 0) return 0;
  const { model, gpu, tensorParallel, attention } = profile;
  let pairs = 0, contextTokens = 0;
  for (let i = 0; i < chunks.length; i++) {
    const { numScheduledTokens: q, contextLen } = chunks[i];
    pairs += attentionPairs(q, contextLen - q);
    contextTokens += contextLen;
  }
  const flops = pairs * attentionFlopsPerPair(model, tensorParallel);
  const bytes = contextTokens * kvBytesPerToken(model, tensorParallel);
  const flopsPerMs = gpu.peakTflops * 1e9 * attention.flopEfficiency;
  const bytesPerMs = gpu.hbmGBps * 1e6 * attention.bandwidthEfficiency;
  return attention.fixedMsPerLayer + flops / flopsPerMs + bytes / bytesPerMs;
}

/**
 * A step's duration under `profile`, term by term. A step that scheduled
 * nothing takes no time (the timed run jumps to the next arrival instead).
 *
 * @example
 * ```ts
 * import { stepTimeParts, stepTimeProfile } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(stepTimeParts({ scheduled: [] }, stepTimeProfile("llama2-7b-a100")).totalMs, 0);
 * ```
 */
export function stepTimeParts(
  record: Pick<StepRecord, "scheduled">,
  profile: StepTimeProfile,
): StepTimeParts {
  const chunks = record.scheduled;
  if (chunks.length === 0) {
    return { cpuMs: 0, linearMs: 0, attentionMs: 0, allReduceMs: 0, totalMs: 0 };
  }
  let numTokens = 0;
  for (const chunk of chunks) numTokens += chunk.numScheduledTokens;
  const { model, gpu, tensorParallel: tp, cpu } = profile;
  const cpuMs = cpu.fixedMs + cpu.msPerRequest * chunks.length;
  const linear = linearMs(numTokens, profile.linear);
  const attentionMs = model.numLayers * attentionLayerMs(chunks, profile);
  const ringBytes = (2 * (tp - 1) / tp) * numTokens * model.hiddenSize * BYTES_PER_VALUE;
  const allReduceMs = tp === 1 ? 0 : 2 * model.numLayers * ringBytes / (gpu.nvlinkGBps / 2 * 1e6);
  const totalMs = cpuMs + linear + attentionMs + allReduceMs;
  return { cpuMs, linearMs: linear, attentionMs, allReduceMs, totalMs };
}

/**
 * A step's duration in ms under `profile`: the cost model of the timed run.
 *
 * @example The chapter-02 spike on Llama-2-7B, A100: a decode step, then the 256-token prompt
 * ```ts
 * import { stepTimeMs, stepTimeProfile } from "stallfree";
 * import { assert } from "@std/assert";
 * const profile = stepTimeProfile("llama2-7b-a100");
 * const step = (scheduled: { id: string; numScheduledTokens: number; contextLen: number }[]) =>
 *   stepTimeMs({ scheduled }, profile);
 * const decode = step([{ id: "A", numScheduledTokens: 1, contextLen: 10 }]);
 * const spike = step([
 *   { id: "A", numScheduledTokens: 1, contextLen: 9 },
 *   { id: "B", numScheduledTokens: 256, contextLen: 256 },
 * ]);
 * assert(decode > 9 && decode < 12);
 * assert(spike / decode > 1.5 && spike / decode < 2.5); // twice a decode, not 257 times
 * ```
 */
export function stepTimeMs(
  record: Pick<StepRecord, "scheduled">,
  profile: StepTimeProfile,
): number {
  return stepTimeParts(record, profile).totalMs;
}
