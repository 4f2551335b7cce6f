/**
 * Chapter 4's exercise, solved: the roofline of one step's linear layers.
 *
 * @module
 */
import { BYTES_PER_VALUE, type GpuSpec, linearParamsPerLayer, type ModelShape } from "stallfree";

/**
 * The ideal time in ms of the linear layers of one step of `numTokens`
 * tokens on one GPU: `max(T_math, T_mem)`, where every weight is read once
 * (`T_mem`: 2 bytes per weight at the HBM bandwidth) and every token costs
 * 2 FLOPs per weight (`T_math`, at the peak FLOP/s).
 *
 * @example
 * ```ts
 * import { rooflineMs } from "stallfree/notebooks/04-time-not-tokens/solution.ts";
 * import { GPUS, MODELS } from "stallfree";
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(rooflineMs(1, MODELS["llama2-7b"], GPUS.a100), 6.352, 1e-3);
 * ```
 */
export function rooflineMs(numTokens: number, model: ModelShape, gpu: GpuSpec): number {
  const params = linearParamsPerLayer(model) * model.numLayers;
  const memMs = (params * BYTES_PER_VALUE) / (gpu.hbmGBps * 1e9) * 1e3;
  const mathMs = (2 * params * numTokens) / (gpu.peakTflops * 1e12) * 1e3;
  return Math.max(mathMs, memMs);
}
