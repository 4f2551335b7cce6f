/**
 * Chapter 6's exercise: the running pass under a full pool. Replace the
 * `throw` with your code, then run the notebook (or
 * `LAB_IMPL=starter deno task test`).
 *
 * @module
 */
import type { PassLimits, RunningPassPlan, RunningRequest } from "./types.ts";

/**
 * Plans one running pass: each running request in admission order, while
 * budget is left, gets `n = min(remaining, budgetLeft)` tokens and must then
 * hold `ceil((numComputedTokens + n) / blockSize)` blocks. While the free
 * blocks cannot cover the new ones, preempt the last running request not yet
 * scheduled: its blocks go back to the pool, it goes to the front of the
 * waiting queue with `numComputedTokens` and `numBlocks` at 0 (its
 * `numTokens` stays: prompt plus outputs, all to be recomputed), so two
 * victims end up there in admission order. If the one preempted is the asker
 * itself, the pass ends. Return the free blocks left after the pass.
 */
export function planRunningPass(
  running: readonly RunningRequest[],
  limits: PassLimits,
): RunningPassPlan {
  throw new Error(
    `Not implemented yet: write planRunningPass(running, limits) in notebooks/06-memory-and-policies/starter.ts (called with ${running.length} running requests and ${
      JSON.stringify(limits)
    })`,
  );
}
