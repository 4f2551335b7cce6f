/**
 * What one step will do, decided before the engine changes anything.
 *
 * @module
 */
import type { RequestState } from "./request_state.ts";

/**
 * A step's plan: the chunks in schedule order, the budget left, how far
 * admission reached into the waiting queue, and which running requests were
 * preempted (vLLM's `SchedulerOutput`, with the scheduler's bookkeeping for
 * the step). The running and admission passes fill it; the step then carries
 * it out. The engine keeps one plan and starts it afresh every step. Not
 * exported from `mod.ts`.
 *
 * @example
 * ```ts
 * import { StepPlan } from "stallfree/lib/engine/step_plan.ts";
 * import { RequestState, TokenSlabs } from "stallfree/lib/engine/request_state.ts";
 * import { assertEquals } from "@std/assert";
 * const slabs = new TokenSlabs();
 * const [a, b] = ["a", "b"].map((id) => new RequestState({ id, prompt: [1, 2], maxTokens: 1 }, 0, slabs));
 * const plan = new StepPlan();
 * plan.start(8, 0, 2, 0);
 * plan.add(a, 2, 0);
 * plan.add(b, 2, 0);
 * assertEquals([plan.numChunks, plan.budgetLeft], [2, 4]);
 * plan.remove(0);
 * assertEquals([plan.requests[0].id, plan.numChunks, plan.budgetLeft], ["b", 1, 6]);
 * ```
 */
export class StepPlan {
  /** Requests with a chunk, in schedule order: the first `numChunks` entries. */
  readonly requests: RequestState[] = [];
  /** The tokens each of them advances. */
  readonly numScheduledTokens: number[] = [];
  /** The prefix-cache positions each reuses as it is admitted (0 for a running request). */
  readonly cacheHits: number[] = [];
  /** How many chunks the step runs. */
  numChunks = 0;
  /** The budget the chunks leave. */
  budgetLeft = 0;
  /** The waiting queue's head after admission: the engine's queue from here to `waitingEnd` waits on. */
  waitingHead = 0;
  /** The end of the waiting queue: requests that have arrived. */
  waitingEnd = 0;
  /** Running requests before this index keep running; the ones after it were preempted. */
  runningEnd = 0;
  /** Requests admitted in this step and preempted again (the last ones admitted). */
  numWithdrawn = 0;
  /** Requests preempted in this step, in order. */
  readonly preempted: RequestState[] = [];

  /** Starts the plan of a step with `budget` tokens, the waiting queue and the running list's length. */
  start(budget: number, waitingHead: number, waitingEnd: number, runningEnd: number): void {
    this.numChunks = 0;
    this.budgetLeft = budget;
    this.waitingHead = waitingHead;
    this.waitingEnd = waitingEnd;
    this.runningEnd = runningEnd;
    this.numWithdrawn = 0;
    this.preempted.length = 0;
  }

  /** Adds a chunk of `n` tokens for `request`, after `cacheHit` cached positions. */
  add(request: RequestState, n: number, cacheHit: number): void {
    const k = this.numChunks++;
    this.requests[k] = request;
    this.numScheduledTokens[k] = n;
    this.cacheHits[k] = cacheHit;
    this.budgetLeft -= n;
  }

  /** Takes chunk `index` out, giving its tokens back to the budget. */
  remove(index: number): void {
    const { requests, numScheduledTokens, cacheHits } = this;
    this.budgetLeft += numScheduledTokens[index];
    for (let j = index; j < this.numChunks - 1; j++) {
      requests[j] = requests[j + 1];
      numScheduledTokens[j] = numScheduledTokens[j + 1];
      cacheHits[j] = cacheHits[j + 1];
    }
    this.numChunks--;
  }
}
