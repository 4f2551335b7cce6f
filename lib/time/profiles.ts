/**
 * The step-time profiles: a model on a GPU at a tensor-parallel degree, with
 * the constants fitted on Vidur's measurements (`fitted_table.ts`). Vidur
 * profiled the linear layers at TP 1, 2, 4 and 8; its CPU overheads exist for
 * Llama-2-7B at TP1 and Llama-2-70B at TP4, so those are the profiles here.
 *
 * @module
 */
import { FITTED_TABLE } from "./fitted_table.ts";
import { GPUS, MODELS } from "./hardware.ts";
import type { StepTimeProfile } from "./step_time.ts";

/** The profiles the fitted table holds. */
export type ProfileName = keyof typeof FITTED_TABLE.profiles;

/**
 * Every profile's name, in the table's order.
 *
 * @example
 * ```ts
 * import { PROFILE_NAMES } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * assertEquals(PROFILE_NAMES, [
 *   "llama2-7b-a100",
 *   "llama2-7b-h100",
 *   "llama2-70b-a100-tp4",
 *   "llama2-70b-h100-tp4",
 * ]);
 * ```
 */
export const PROFILE_NAMES = Object.keys(FITTED_TABLE.profiles) as ProfileName[];

/**
 * The profile called `name`, ready for `stepTimeMs`. Attention uses the one
 * fit there is (A100, 70B-shaped at TP2) for every profile, scaled by each
 * GPU's peaks; H100 profiles reuse the A100 host overheads.
 *
 * @example
 * ```ts
 * import { stepTimeProfile } from "stallfree";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const profile = stepTimeProfile("llama2-70b-h100-tp4");
 * assertEquals([profile.model.numLayers, profile.tensorParallel], [80, 4]);
 * assertThrows(
 *   () => stepTimeProfile("gpt-4" as never),
 *   RangeError,
 *   'Expected profile to be one of "llama2-7b-a100", "llama2-7b-h100", "llama2-70b-a100-tp4", "llama2-70b-h100-tp4" but found "gpt-4"',
 * );
 * ```
 */
export function stepTimeProfile(name: ProfileName): StepTimeProfile {
  if (!Object.hasOwn(FITTED_TABLE.profiles, name)) {
    const names = PROFILE_NAMES.map((n) => JSON.stringify(n)).join(", ");
    throw new RangeError(
      `Expected profile to be one of ${names} but found ${JSON.stringify(name)}`,
    );
  }
  const row = FITTED_TABLE.profiles[name];
  return {
    name,
    model: MODELS[row.model],
    gpu: GPUS[row.gpu],
    tensorParallel: row.tensorParallel,
    linear: row.linear,
    attention: FITTED_TABLE.attention.fit,
    cpu: FITTED_TABLE.cpu[row.cpu].fit,
  };
}
