/**
 * Chapter 4's exercise: the roofline of one step's linear layers. Replace the
 * `throw` with your code, then run the notebook (or
 * `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type { GpuSpec, ModelShape } from "stallfree";

/**
 * The ideal time in ms of the linear layers of one step of `numTokens`
 * tokens on one GPU: `max(T_math, T_mem)`. `T_mem` reads every weight once
 * (2 bytes each, at `gpu.hbmGBps`); `T_math` spends 2 FLOPs per weight per
 * token (at `gpu.peakTflops`). `linearParamsPerLayer(model)` and
 * `BYTES_PER_VALUE` from "stallfree" help; mind the units (GB/s is 1e9
 * bytes per second, TFLOP/s 1e12 FLOPs per second).
 */
export function rooflineMs(numTokens: number, model: ModelShape, gpu: GpuSpec): number {
  throw new Error(
    `Not implemented yet: write rooflineMs(numTokens, model, gpu) in notebooks/04-time-not-tokens/starter.ts (called with numTokens = ${numTokens}, ${model.name} on ${gpu.name})`,
  );
}
