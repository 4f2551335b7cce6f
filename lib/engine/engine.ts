/**
 * A vLLM-v1-style scheduler over the toy model, one step at a time.
 *
 * Each step: arrivals join the waiting queue; the running pass gives each
 * running request, in admission order, `min(remaining, threshold, budgetLeft)`
 * tokens; the admission pass admits the waiting head (never skipping it) while
 * budget and seats remain; the chunks execute; requests that caught up sample;
 * requests with `maxTokens` outputs leave. Does not model KV capacity,
 * preemption, prefix caching or time in milliseconds.
 *
 * @module
 */
import { type EngineConfig, resolveConfig } from "./config.ts";
import { type Request, validateRequest } from "./request.ts";
import { type RequestResult, RequestState } from "./request_state.ts";
import type { StepRecord } from "./step_record.ts";

/** Totals over every step run so far. */
export interface EngineTotals {
  /** Index of the last step that did work, + 1. */
  totalSteps: number;
  /** The largest step cost (tokens scheduled in one step). */
  maxStepTokens: number;
  /** Sum over steps of the number of requests scheduled. */
  requestSteps: number;
  /** Sum over steps of the tokens scheduled. */
  tokens: number;
}

/**
 * The engine. Drive it by hand with `addRequest` and `step`, or let
 * `runWorkload` run a whole workload.
 *
 * @example A two-request schedule you can check by hand
 * ```ts
 * import { Engine } from "stallfree";
 * import { assertEquals } from "@std/assert";
 * const engine = new Engine({ maxNumBatchedTokens: 8, longPrefillTokenThreshold: 4 });
 * engine.addRequest({ id: "a", prompt: [1, 2, 3], maxTokens: 2 });
 * engine.addRequest({ id: "b", prompt: [4, 5, 6, 7, 8, 9], maxTokens: 1 });
 * const chunks = () => engine.step().scheduled.map((c) => [c.id, c.numScheduledTokens]);
 * assertEquals(chunks(), [["a", 3], ["b", 4]]); // a prefills whole, b's chunk is capped at 4
 * assertEquals(chunks(), [["a", 1], ["b", 2]]); // a decodes, b finishes its prompt
 * assertEquals(engine.hasUnfinishedRequests, false);
 * ```
 */
export class Engine {
  readonly config: Readonly<EngineConfig>;
  #step = 0;
  #chunkCap: number;
  #requests = new Map<string, RequestState>();
  #pending: RequestState[] = []; // sorted by arrival, stable
  #pendingHead = 0;
  #waiting: RequestState[] = [];
  #waitingHead = 0;
  #arrivedFrom = 0;
  #running: RequestState[] = [];
  #numUnfinished = 0;
  // Scratch for the current step, reused so the hot path allocates nothing.
  #scheduled: RequestState[] = [];
  #scheduledTokens: number[] = [];
  #sampledTokens: number[] = [];
  #numScheduled = 0;
  #totals: EngineTotals = { totalSteps: 0, maxStepTokens: 0, requestSteps: 0, tokens: 0 };

  /** Validates `config` (see `resolveConfig`); throws before building anything. */
  constructor(config: Partial<EngineConfig> = {}) {
    this.config = Object.freeze(resolveConfig(config));
    this.#chunkCap = this.config.longPrefillTokenThreshold || Infinity;
  }

  /** The index of the next step to run. */
  get currentStep(): number {
    return this.#step;
  }

  /** Whether any request added so far has not finished. */
  get hasUnfinishedRequests(): boolean {
    return this.#numUnfinished > 0;
  }

  /** Totals over the steps run so far. */
  get totals(): Readonly<EngineTotals> {
    return { ...this.#totals };
  }

  /**
   * Adds a request arriving at `request.arrival` (default: now). Refused with
   * a `RangeError` or `TypeError`, and the engine left as it was, if the
   * request is malformed, its id is taken, or it arrives in the past.
   */
  addRequest(request: Request): void {
    validateRequest(request, this.config.vocabSize);
    const arrival = request.arrival ?? this.#step;
    const name = JSON.stringify(request.id);
    if (arrival < this.#step) {
      throw new RangeError(
        `Expected arrival of request ${name} to be >= the engine's current step ${this.#step} but found ${arrival}`,
      );
    }
    if (this.#requests.has(request.id)) {
      throw new RangeError(`Expected request ids to be unique but found ${name} twice`);
    }
    const state = new RequestState(request, arrival);
    this.#requests.set(request.id, state);
    this.#numUnfinished++;
    insertByArrival(this.#pending, this.#pendingHead, state);
  }

  /** What request `id` has produced so far. */
  result(id: string): RequestResult {
    const state = this.#requests.get(id);
    if (!state) throw new RangeError(`Expected a request id the engine knows but found "${id}"`);
    return state.result();
  }

  /** Every request's result, in the order they were added. */
  results(): RequestResult[] {
    return [...this.#requests.values()].map((state) => state.result());
  }

  /** Runs one step and returns its record. */
  step(): StepRecord {
    const step = this.#step;
    this.tick();
    const scheduled = this.#scheduled.slice(0, this.#numScheduled);
    return {
      step,
      arrived: this.#waiting.slice(this.#arrivedFrom).map((r) => r.id),
      scheduled: scheduled.map((r, i) => ({
        id: r.id,
        numScheduledTokens: this.#scheduledTokens[i],
        contextLen: r.numComputedTokens,
      })),
      sampled: scheduled.flatMap((r, i) =>
        this.#sampledTokens[i] >= 0 ? [{ id: r.id, token: this.#sampledTokens[i] }] : []
      ),
      finished: scheduled.filter((r) => r.finishStep === step).map((r) => r.id),
    };
  }

  /**
   * When nothing is waiting or running, moves the clock to the next arrival:
   * the steps in between would schedule nothing. Returns how many it skipped.
   */
  skipIdleSteps(): number {
    if (this.#running.length > 0 || this.#waitingHead < this.#waiting.length) return 0;
    if (this.#pendingHead === this.#pending.length) return 0;
    const skipped = this.#pending[this.#pendingHead].arrival - this.#step;
    this.#step += skipped;
    return skipped;
  }

  /** Runs one step without building a record: the fast path `runWorkload` uses. */
  tick(): void {
    const step = this.#step;
    this.#admitArrivals(step);
    const { maxNumBatchedTokens, maxNumSeqs, vocabSize, isReadyToSample } = this.config;
    const running = this.#running;
    this.#numScheduled = 0;
    let budgetLeft = maxNumBatchedTokens;

    // Running pass, in admission order: decodes and unfinished prefills first.
    // This loop's order is where a scheduling policy would decide who goes first.
    for (let i = 0; i < running.length && budgetLeft > 0; i++) {
      budgetLeft -= this.#schedule(running[i], budgetLeft);
    }
    // Admission pass: first come, first served; a head that cannot run blocks the rest.
    const waiting = this.#waiting;
    while (budgetLeft > 0 && this.#waitingHead < waiting.length && running.length < maxNumSeqs) {
      const request = waiting[this.#waitingHead++];
      running.push(request);
      budgetLeft -= this.#schedule(request, budgetLeft);
    }
    // Execute, then sample where the guard allows, then retire the finished.
    let numFinished = 0;
    for (let i = 0; i < this.#numScheduled; i++) {
      const request = this.#scheduled[i];
      request.computeKv(this.#scheduledTokens[i]);
      let token = -1;
      if (isReadyToSample(request.numComputedTokens, request.numTokens)) {
        token = request.appendSample(vocabSize, step);
        if (request.finishStep === step) numFinished++;
      } else if (request.numComputedTokens === request.numTokens) {
        throw new RangeError(
          `Expected isReadyToSample to sample request "${request.id}" once it caught up (numComputedTokens === numTokens === ${request.numTokens}) but it returned false`,
        );
      }
      this.#sampledTokens[i] = token;
    }
    if (numFinished > 0) this.#retireFinished(numFinished);
    this.#count(step, maxNumBatchedTokens - budgetLeft);
    this.#step = step + 1;
  }

  #schedule(request: RequestState, budgetLeft: number): number {
    const remaining = request.numTokens - request.numComputedTokens;
    const n = Math.min(remaining, this.#chunkCap, budgetLeft);
    this.#scheduled[this.#numScheduled] = request;
    this.#scheduledTokens[this.#numScheduled++] = n;
    return n;
  }

  #admitArrivals(step: number): void {
    if (this.#waitingHead === this.#waiting.length) {
      this.#waiting.length = this.#waitingHead = 0;
    } else if (this.#waitingHead > 1024) {
      this.#waiting.splice(0, this.#waitingHead);
      this.#waitingHead = 0;
    }
    this.#arrivedFrom = this.#waiting.length;
    const pending = this.#pending;
    while (this.#pendingHead < pending.length && pending[this.#pendingHead].arrival <= step) {
      this.#waiting.push(pending[this.#pendingHead++]);
    }
    if (this.#pendingHead === pending.length) pending.length = this.#pendingHead = 0;
  }

  #retireFinished(numFinished: number): void {
    const running = this.#running;
    let kept = 0;
    for (const request of running) {
      if (request.finishStep < 0) running[kept++] = request;
    }
    running.length = kept;
    this.#numUnfinished -= numFinished;
  }

  #count(step: number, stepTokens: number): void {
    if (stepTokens === 0) return;
    const totals = this.#totals;
    totals.totalSteps = step + 1;
    if (stepTokens > totals.maxStepTokens) totals.maxStepTokens = stepTokens;
    totals.requestSteps += this.#numScheduled;
    totals.tokens += stepTokens;
  }
}

/** Inserts after every request arriving at or before it (stable), in `queue[head..]`. */
function insertByArrival(queue: RequestState[], head: number, state: RequestState): void {
  let lo = head, hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (queue[mid].arrival <= state.arrival) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, state);
}
