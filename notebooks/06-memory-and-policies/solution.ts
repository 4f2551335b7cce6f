/**
 * Chapter 6's exercise, the reference: the running pass under a full pool.
 *
 * @module
 */
import type { PassLimits, RunningPassPlan, RunningRequest } from "./types.ts";

/**
 * Plans one running pass as the engine runs it: each running request in
 * admission order, while budget is left, gets `min(remaining, budgetLeft)`
 * tokens and must then hold `ceil((numComputedTokens + n) / blockSize)`
 * blocks. While the free blocks cannot cover that, the last running request
 * not yet scheduled is preempted: its blocks return to the pool, its
 * `numComputedTokens` and blocks drop to 0 (it keeps its `numTokens`: prompt
 * plus outputs, all recomputed), and it goes to the front of the waiting
 * queue. If the one preempted is the asker itself, the pass ends.
 *
 * @example
 * ```ts
 * import { planRunningPass } from "stallfree/notebooks/06-memory-and-policies/solution.ts";
 * import { assertEquals } from "@std/assert";
 * const running = ["A", "B", "C"].map((id) => ({ id, numTokens: 3, numComputedTokens: 2, numBlocks: 1 }));
 * const plan = planRunningPass(running, { freeBlocks: 1, blockSize: 2, budget: 64 });
 * assertEquals(plan.scheduled.map((c) => c.id), ["A", "B"]);
 * assertEquals(plan.preempted, ["C"]);
 * ```
 */
export function planRunningPass(
  running: readonly RunningRequest[],
  limits: PassLimits,
): RunningPassPlan {
  const { blockSize } = limits;
  let freeBlocks = limits.freeBlocks, budgetLeft = limits.budget, end = running.length;
  const scheduled: RunningPassPlan["scheduled"] = [], waitingFront: RunningRequest[] = [];
  for (let i = 0; i < end && budgetLeft > 0; i++) {
    const request = running[i];
    const n = Math.min(request.numTokens - request.numComputedTokens, budgetLeft);
    const needed = Math.ceil((request.numComputedTokens + n) / blockSize) - request.numBlocks;
    while (needed > freeBlocks && end > i) {
      const victim = running[--end];
      freeBlocks += victim.numBlocks;
      waitingFront.unshift({ ...victim, numComputedTokens: 0, numBlocks: 0 });
    }
    if (end === i) break; // the asker preempted itself
    freeBlocks -= needed;
    budgetLeft -= n;
    scheduled.push({ id: request.id, numScheduledTokens: n });
  }
  const preempted = waitingFront.map((r) => r.id).reverse();
  return { scheduled, preempted, waitingFront, freeBlocks };
}
