/**
 * The roofline of a step's linear layers, from first principles: execution
 * time is `max(T_math, T_mem)`. Every step reads each weight once (`T_mem`,
 * flat in tokens) and spends 2 FLOPs per weight per token (`T_math`, linear in
 * tokens). The knee, where the two meet, is the GPU's FLOPs per byte.
 *
 * Does not include attention, communication or CPU overhead: those are
 * `stepTimeMs`'s other terms.
 *
 * @module
 */
import {
  BYTES_PER_VALUE,
  type GpuSpec,
  linearParamsPerLayer,
  type ModelShape,
} from "./hardware.ts";
import { requireInteger } from "../validate.ts";

/** The ideal linear-layer time of a step: flat, then linear past the knee. */
export interface Roofline {
  /** `T_mem`: every weight read once, in ms (what a step costs below the knee). */
  flatMs: number;
  /** `T_math` per token, in ms (the slope past the knee). */
  msPerToken: number;
  /** Tokens per step where `T_math = T_mem`. */
  kneeTokens: number;
}

/**
 * The roofline of `model`'s linear layers on one of `tensorParallel` GPUs.
 *
 * @example Llama-2-7B on an A100: 13 GB of weights at 2,039 GB/s
 * ```ts
 * import { GPUS, MODELS, roofline } from "stallfree";
 * import { assertAlmostEquals } from "@std/assert";
 * const { flatMs, msPerToken, kneeTokens } = roofline(MODELS["llama2-7b"], GPUS.a100);
 * assertAlmostEquals(flatMs, 6.35, 0.01);
 * assertAlmostEquals(msPerToken, 0.0415, 1e-4);
 * assertAlmostEquals(kneeTokens, 153.0, 0.1); // 312e12 / 2039e9
 * ```
 */
export function roofline(model: ModelShape, gpu: GpuSpec, tensorParallel = 1): Roofline {
  requireInteger("tensorParallel", tensorParallel, 1);
  const params = (linearParamsPerLayer(model) * model.numLayers) / tensorParallel;
  const flatMs = (params * BYTES_PER_VALUE) / (gpu.hbmGBps * 1e9) * 1e3;
  const msPerToken = (2 * params) / (gpu.peakTflops * 1e12) * 1e3;
  return { flatMs, msPerToken, kneeTokens: flatMs / msPerToken };
}
