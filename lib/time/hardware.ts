/**
 * The first-principles side of the step-time model: each GPU's stated peak
 * numbers and each model's shape, and what follows from them (parameters,
 * FLOPs and bytes per token, the roofline knee).
 *
 * Peaks are the vendors' datasheet figures as written (dense FP16 Tensor Core
 * throughput, HBM bandwidth, NVLink bandwidth); no real kernel reaches them.
 * Does not model the embedding, the LM head or sampling on the GPU (Vidur's
 * profiles leave them out too).
 *
 * @module
 */

/** A GPU's stated peak numbers. */
export interface GpuSpec {
  /** The part, e.g. `"A100 SXM4 80GB"`. */
  name: string;
  /** Dense FP16 Tensor Core peak, in TFLOP/s. */
  peakTflops: number;
  /** HBM bandwidth, in GB/s (10^9 bytes per second). */
  hbmGBps: number;
  /** NVLink bandwidth per GPU as the datasheet states it (both directions), in GB/s. */
  nvlinkGBps: number;
  /** Where the figures come from, quoted as written there. */
  source: string;
}

/**
 * The two GPUs Vidur profiled. Vidur's files do not say which variant; we take
 * the SXM parts with 80 GB, the ones its device configs describe (80 GB each).
 *
 * @example
 * ```ts
 * import { GPUS } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(Math.round(GPUS.a100.peakTflops * 1e3 / GPUS.a100.hbmGBps), 153); // FLOPs per byte
 * ```
 */
export const GPUS = {
  a100: {
    name: "A100 SXM4 80GB",
    peakTflops: 312,
    hbmGBps: 2039,
    nvlinkGBps: 600,
    source: "NVIDIA A100 Tensor Core GPU datasheet: FP16 Tensor Core 312 TFLOPS " +
      "(624 TFLOPS with sparsity); GPU memory bandwidth 2,039 GB/s (A100 80GB SXM); " +
      "NVLink 600 GB/s",
  },
  h100: {
    name: "H100 SXM5 80GB",
    peakTflops: 989.5,
    hbmGBps: 3350,
    nvlinkGBps: 900,
    source: "NVIDIA H100 Tensor Core GPU datasheet (H100 SXM): FP16 Tensor Core " +
      "1,979 teraFLOPS with sparsity (dense: half of it); GPU memory bandwidth 3.35TB/s; " +
      "NVLink 900GB/s",
  },
} as const satisfies Record<string, GpuSpec>;

/** The GPUs with stated figures. */
export type GpuName = keyof typeof GPUS;

/** A decoder-only transformer's shape (Llama-2 style: gated MLP, grouped KV heads). */
export interface ModelShape {
  /** The model, as Hugging Face names it. */
  name: string;
  /** Transformer blocks. */
  numLayers: number;
  /** Width of the residual stream. */
  hiddenSize: number;
  /** Query heads. */
  numQHeads: number;
  /** Key/value heads (fewer than query heads under grouped-query attention). */
  numKvHeads: number;
  /** Width of one head. */
  headDim: number;
  /** Width of each MLP branch (gate and up). */
  intermediateSize: number;
}

/**
 * Llama-2-7B and -70B, with the shapes of Vidur's `model_config.py`.
 *
 * @example
 * ```ts
 * import { MODELS } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(MODELS["llama2-70b"].numKvHeads, 8);
 * ```
 */
export const MODELS = {
  "llama2-7b": {
    name: "meta-llama/Llama-2-7b-hf",
    numLayers: 32,
    hiddenSize: 4096,
    numQHeads: 32,
    numKvHeads: 32,
    headDim: 128,
    intermediateSize: 11008,
  },
  "llama2-70b": {
    name: "meta-llama/Llama-2-70b-hf",
    numLayers: 80,
    hiddenSize: 8192,
    numQHeads: 64,
    numKvHeads: 8,
    headDim: 128,
    intermediateSize: 28672,
  },
} as const satisfies Record<string, ModelShape>;

/** The models with shapes. */
export type ModelName = keyof typeof MODELS;

/** Bytes per value in FP16. */
export const BYTES_PER_VALUE = 2;

/**
 * Parameters of one block's linear layers: the fused QKV projection, the
 * output projection and the three MLP matrices.
 *
 * @example
 * ```ts
 * import { linearParamsPerLayer, MODELS } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * // 4096 x 12288 + 4096 x 4096 + 3 x 4096 x 11008
 * assertEquals(linearParamsPerLayer(MODELS["llama2-7b"]), 202_375_168);
 * ```
 */
export function linearParamsPerLayer(model: ModelShape): number {
  const { hiddenSize, numQHeads, numKvHeads, headDim, intermediateSize } = model;
  const qkv = hiddenSize * (numQHeads + 2 * numKvHeads) * headDim;
  return qkv + hiddenSize * numQHeads * headDim + 3 * hiddenSize * intermediateSize;
}

/**
 * KV-cache bytes one token adds to one layer on one GPU: a key and a value
 * for each of that GPU's KV heads.
 *
 * @example
 * ```ts
 * import { kvBytesPerToken, MODELS } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(kvBytesPerToken(MODELS["llama2-7b"], 1), 16384); // 2 x 32 heads x 128 x 2 bytes
 * assertEquals(kvBytesPerToken(MODELS["llama2-70b"], 4), 1024); // 2 of 8 heads per GPU
 * ```
 */
export function kvBytesPerToken(model: ModelShape, tensorParallel: number): number {
  return 2 * (model.numKvHeads / tensorParallel) * model.headDim * BYTES_PER_VALUE;
}

/**
 * Query-key pairs of a chunk of `q` new tokens over `c` cached ones under a
 * causal mask: each new token sees the cache and the new tokens up to itself.
 *
 * @example
 * ```ts
 * import { attentionPairs } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(attentionPairs(1, 99), 100); // a decode reads its whole context
 * assertEquals(attentionPairs(4, 0), 10); // 1 + 2 + 3 + 4
 * ```
 */
export function attentionPairs(q: number, c: number): number {
  return q * c + (q * (q + 1)) / 2;
}

/**
 * Attention FLOPs per query-key pair, per layer and GPU: QK^T and PV each
 * cost 2 FLOPs per head dimension, for each of the GPU's query heads.
 *
 * @example
 * ```ts
 * import { attentionFlopsPerPair, MODELS } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(attentionFlopsPerPair(MODELS["llama2-7b"], 1), 16384); // 4 x 128 x 32 heads
 * ```
 */
export function attentionFlopsPerPair(model: ModelShape, tensorParallel: number): number {
  return 4 * model.headDim * (model.numQHeads / tensorParallel);
}
