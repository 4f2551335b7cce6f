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
 * it out. Chunk `k` is `requests[k]` advancing `numScheduledTokens[k]` tokens
 * after `cacheHits[k]` cached positions. The engine keeps one plan and starts
 * it afresh every step. Not exported from `mod.ts`.
 *
 * @example
 * ```ts
 * import { StepPlan } from "stallfree/lib/engine/step_plan.ts";
 * import { assertEquals } from "@std/assert";
 * const plan = new StepPlan();
 * plan.start(8, 0, 2, 0); // a budget of 8; requests 0 and 1 of the queue wait; none run
 * assertEquals([plan.numChunks, plan.budgetLeft, plan.waitingHead, plan.waitingEnd], [0, 8, 0, 2]);
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
}
