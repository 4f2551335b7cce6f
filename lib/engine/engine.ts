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
import { type RequestResult, RequestState, TokenSlabs } from "./request_state.ts";
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
 * Every request added sits in one queue ordered by arrival (ties in the order
 * added); two cursors move along it: requests before `#arrived` have joined
 * the waiting queue, those before `#admitted` have left it for the running
 * list. A step decides everything first (arrivals, running pass, admission
 * pass, and the sampling check), then changes state (admit, execute, sample,
 * retire, count), so a refused step changes nothing.
 *
 * @example A two-request schedule you can check by hand
 * ```ts
 * import { Engine } from "stallfree/lib/engine/engine.ts";
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
  /**
   * The validated config, defaults filled in.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * assertEquals(new Engine({ maxNumBatchedTokens: 512 }).config.maxNumSeqs, 256);
   * ```
   */
  readonly config: Readonly<EngineConfig>;
  #step = 0;
  #requests = new Map<string, RequestState>();
  #queue: RequestState[] = []; // by arrival, stable, once #queueSorted
  #queueSorted = true;
  #arrived = 0;
  #admitted = 0;
  #running: RequestState[] = [];
  #numScheduledTokens: number[] = []; // this step's plan, by position in #running
  #numUnfinished = 0;
  #slabs = new TokenSlabs();
  #totals: EngineTotals = { totalSteps: 0, maxStepTokens: 0, requestSteps: 0, tokens: 0 };

  /**
   * Validates `config` (see `resolveConfig`); throws before building anything.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertThrows } from "@std/assert";
   * assertThrows(() => new Engine({ maxNumBatchedTokens: 0 }), RangeError, "but found 0");
   * ```
   */
  constructor(config: Partial<EngineConfig> = {}) {
    this.config = Object.freeze(resolveConfig(config));
  }

  /**
   * The index of the next step to run.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.step(); // idle steps tick the clock too
   * assertEquals(engine.currentStep, 1);
   * ```
   */
  get currentStep(): number {
    return this.#step;
  }

  /**
   * Whether any request added so far has not finished.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 1 });
   * assertEquals(engine.hasUnfinishedRequests, true);
   * engine.step();
   * assertEquals(engine.hasUnfinishedRequests, false);
   * ```
   */
  get hasUnfinishedRequests(): boolean {
    return this.#numUnfinished > 0;
  }

  /**
   * Totals over the steps run so far (a copy).
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine({ maxNumBatchedTokens: 4 });
   * engine.addRequest({ id: "a", prompt: [1, 2, 3, 4, 5], maxTokens: 2 });
   * while (engine.hasUnfinishedRequests) engine.step();
   * assertEquals(engine.totals, { totalSteps: 3, maxStepTokens: 4, requestSteps: 3, tokens: 6 });
   * ```
   */
  get totals(): Readonly<EngineTotals> {
    return { ...this.#totals };
  }

  /**
   * Adds a request arriving at `request.arrival` (default: now), in any order
   * of arrival. Refused with a `RangeError` or `TypeError`, and the engine
   * left as it was, if the request is malformed, its id is taken, or it
   * arrives in the past.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals, assertThrows } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "late", prompt: [1], maxTokens: 1, arrival: 2 });
   * engine.addRequest({ id: "early", prompt: [2], maxTokens: 1, arrival: 1 });
   * assertThrows(() => engine.addRequest({ id: "early", prompt: [3], maxTokens: 1 }), RangeError);
   * assertEquals([engine.step(), engine.step()].map((r) => r.arrived), [[], ["early"]]);
   * ```
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
    const state = new RequestState(request, arrival, this.#slabs);
    this.#requests.set(request.id, state);
    this.#numUnfinished++;
    const queue = this.#queue;
    if (queue.length > 0 && queue[queue.length - 1].arrival > arrival) this.#queueSorted = false;
    queue.push(state);
  }

  /**
   * What request `id` has produced so far.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2, 3], maxTokens: 2, arrival: 1 });
   * while (engine.hasUnfinishedRequests) engine.step();
   * const { firstTokenStep, ttftSteps, finishStep, output } = engine.result("a");
   * assertEquals([firstTokenStep, ttftSteps, finishStep, output.length], [1, 1, 2, 2]);
   * ```
   */
  result(id: string): RequestResult {
    const state = this.#requests.get(id);
    if (!state) throw new RangeError(`Expected a request id the engine knows but found "${id}"`);
    return state.result();
  }

  /**
   * Every request's result, in the order they were added.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "b", prompt: [1], maxTokens: 1, arrival: 3 });
   * engine.addRequest({ id: "a", prompt: [2], maxTokens: 1 });
   * assertEquals(engine.results().map((r) => [r.id, r.finishStep]), [["b", null], ["a", null]]);
   * ```
   */
  results(): RequestResult[] {
    return [...this.#requests.values()].map((state) => state.result());
  }

  /**
   * Runs one step and returns its record.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine({ maxNumBatchedTokens: 4 });
   * engine.addRequest({ id: "a", prompt: [1, 2, 3, 4, 5, 6], maxTokens: 1 });
   * const first = engine.step(); // a mid-prefill chunk samples nothing
   * assertEquals(first.scheduled, [{ id: "a", numScheduledTokens: 4, contextLen: 4 }]);
   * assertEquals([first.arrived, first.sampled, first.finished], [["a"], [], []]);
   * assertEquals(engine.step().finished, ["a"]);
   * ```
   */
  step(): StepRecord {
    const record: StepRecord = {
      step: this.#step,
      arrived: [],
      scheduled: [],
      sampled: [],
      finished: [],
    };
    this.#run(record);
    return record;
  }

  /**
   * Runs one step, the same as `step()`, without building its record: what
   * `runWorkload` does when it does not trace.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 1 });
   * engine.tick();
   * assertEquals([engine.currentStep, engine.result("a").finishStep], [1, 0]);
   * ```
   */
  tick(): void {
    this.#run(null);
  }

  /**
   * When nothing is waiting or running, moves the clock to the next arrival:
   * the steps in between would schedule nothing. Returns how many it skipped.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2, 3], maxTokens: 2, arrival: 5 });
   * assertEquals(engine.skipIdleSteps(), 5);
   * assertEquals(engine.step().step, 5);
   * assertEquals(engine.skipIdleSteps(), 0); // a is running
   * ```
   */
  skipIdleSteps(): number {
    if (this.#running.length > 0 || this.#admitted < this.#arrived) return 0;
    if (!this.#queueSorted) this.#sortArrivals();
    const next = this.#queue[this.#arrived];
    if (next === undefined) return 0;
    const skipped = next.arrival - this.#step;
    this.#step += skipped;
    return skipped;
  }

  /** The step: decide and check everything, then change state; fill `record` if given. */
  #run(record: StepRecord | null): void {
    if (!this.#queueSorted) this.#sortArrivals();
    const step = this.#step, queue = this.#queue, running = this.#running;
    const { maxNumBatchedTokens, maxNumSeqs, vocabSize, isReadyToSample } = this.config;
    // 1. Arrivals: every request that has arrived joins the back of the waiting queue.
    let arrived = this.#arrived;
    while (arrived < queue.length && queue[arrived].arrival <= step) arrived++;
    // 2. Running pass, in admission order: decodes and unfinished prefills first.
    // This loop's order is where a scheduling policy would decide who goes first.
    let budgetLeft = maxNumBatchedTokens, numScheduled = 0;
    while (numScheduled < running.length && budgetLeft > 0) {
      budgetLeft -= this.#plan(running[numScheduled], numScheduled++, budgetLeft);
    }
    // 3. Admission pass: first come, first served; a head that cannot run blocks the rest.
    // Budget left means every running request was scheduled: numScheduled counts the seats taken.
    let admitted = this.#admitted;
    while (budgetLeft > 0 && admitted < arrived && numScheduled < maxNumSeqs) {
      budgetLeft -= this.#plan(queue[admitted++], numScheduled++, budgetLeft);
    }
    // Every chunk is planned and checked: now change state.
    for (let i = this.#arrived; record && i < arrived; i++) record.arrived.push(queue[i].id);
    for (let i = this.#admitted; i < admitted; i++) running.push(queue[i]);
    this.#arrived = arrived;
    this.#admitted = admitted;
    let numFinished = 0;
    for (let i = 0; i < numScheduled; i++) {
      const request = running[i], n = this.#numScheduledTokens[i];
      // 4. Execute: compute KV for the chunk.
      request.computeKv(n);
      const { id, numComputedTokens, numTokens } = request;
      record?.scheduled.push({ id, numScheduledTokens: n, contextLen: numComputedTokens });
      // 5. Sample where the guard allows (a caught-up request always: #plan checked it).
      if (numComputedTokens === numTokens || isReadyToSample(numComputedTokens, numTokens)) {
        const token = request.appendSample(vocabSize, step);
        record?.sampled.push({ id, token });
        if (request.finishStep === step) {
          numFinished++;
          record?.finished.push(id);
        }
      }
    }
    // 6. Retire the finished; 7. count the step; the clock moves on.
    if (numFinished > 0) this.#retireFinished(numFinished);
    this.#addToTotals(step, numScheduled, maxNumBatchedTokens - budgetLeft);
    this.#step = step + 1;
  }

  /**
   * Plans `request`'s chunk as the step's `index`th and returns its size:
   * `min(remaining, threshold, budgetLeft)`, as vLLM clamps it. Throws, with
   * nothing changed, if the sampling predicate would leave the request caught
   * up without a token.
   */
  #plan(request: RequestState, index: number, budgetLeft: number): number {
    const { longPrefillTokenThreshold, isReadyToSample } = this.config;
    let n = request.numTokens - request.numComputedTokens;
    if (longPrefillTokenThreshold > 0 && n > longPrefillTokenThreshold) {
      n = longPrefillTokenThreshold;
    }
    if (n > budgetLeft) n = budgetLeft;
    const { numTokens } = request;
    if (request.numComputedTokens + n === numTokens && !isReadyToSample(numTokens, numTokens)) {
      throw new RangeError(
        `Expected isReadyToSample to sample request "${request.id}" once it caught up (numComputedTokens === numTokens === ${numTokens}) but it returned false`,
      );
    }
    this.#numScheduledTokens[index] = n;
    return n;
  }

  /** Sorts the requests that have not arrived yet by arrival, stably (ties keep the order added). */
  #sortArrivals(): void {
    const notArrived = this.#queue.splice(this.#arrived).sort((a, b) => a.arrival - b.arrival);
    for (const request of notArrived) this.#queue.push(request);
    this.#queueSorted = true;
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

  #addToTotals(step: number, numScheduled: number, stepTokens: number): void {
    if (stepTokens === 0) return;
    const totals = this.#totals;
    totals.totalSteps = step + 1;
    if (stepTokens > totals.maxStepTokens) totals.maxStepTokens = stepTokens;
    totals.requestSteps += numScheduled;
    totals.tokens += stepTokens;
  }
}
