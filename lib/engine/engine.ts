/**
 * A vLLM-v1-style scheduler over the toy model, one step at a time.
 *
 * Each step: arrivals join the waiting queue; the running pass gives each
 * running request, in admission order, `min(remaining, threshold, budgetLeft)`
 * tokens; the admission pass admits the waiting head (never skipping it) while
 * budget and seats remain; the chunks execute; requests that caught up sample;
 * requests with `maxTokens` outputs leave. With `numKvBlocks` set, chunks
 * hold KV blocks: a full pool preempts running requests (recomputed later),
 * blocks the waiting head, and with `enablePrefixCaching` admission reuses
 * cached full blocks; `policy` decides whether admission goes first (see
 * chapter 6, "Memory and policies"). Does not model time in milliseconds
 * (`runTimed` does), swapping to CPU, or priorities.
 *
 * @module
 */
import { type EngineConfig, resolveConfig } from "./config.ts";
import { type Request, validateRequest } from "./request.ts";
import { type RequestResult, RequestState, TokenSlabs } from "./request_state.ts";
import type { StepRecord } from "./step_record.ts";
import { StepPlan } from "./step_plan.ts";
import { executeModel } from "./execute_model.ts";
import { requireFitsPolicy } from "./memory_config.ts";
import { requireFitsKvCache, resolveKvCacheConfig } from "../memory/kv_cache_config.ts";
import { KvCacheManager } from "../memory/kv_cache_manager.ts";
import { NO_CACHE_HIT } from "../memory/cache_hit.ts";
import { requireInteger } from "../validate.ts";

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
 * The engine. Drive it by hand with `addRequest` and `step`, run it to the
 * end with `run`, or let `runWorkload` run a whole workload.
 *
 * Every request added sits in one queue ordered by arrival (ties in the order
 * added); two cursors move along it: requests before `#arrived` have joined
 * the waiting queue, those before `#admitted` have left it for the running
 * list. A step decides everything first, into a `StepPlan` (arrivals, running
 * pass, admission pass, and the sampling check), then carries the plan out
 * (admit, execute, sample, retire, count), so a refused step changes nothing.
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
  #kv: KvCacheManager | null;
  #plan = new StepPlan(); // this step's, decided before anything changes
  #numUnfinished = 0;
  #slabs: TokenSlabs;
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
    this.#slabs = new TokenSlabs(this.config.vocabSize);
    const kvConfig = resolveKvCacheConfig(this.config);
    this.#kv = kvConfig && new KvCacheManager(kvConfig);
  }

  /**
   * The index of the next step to run.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.step(); // idle steps advance the clock too
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
   * How many requests added so far have not finished.
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 1 });
   * engine.addRequest({ id: "b", prompt: [3], maxTokens: 2 });
   * engine.step();
   * assertEquals(engine.numUnfinishedRequests, 1);
   * ```
   */
  get numUnfinishedRequests(): number {
    return this.#numUnfinished;
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
    if (arrival < this.#step) {
      throw new RangeError(
        `Expected arrival of request ${
          JSON.stringify(request.id)
        } to be >= the engine's current step ${this.#step} but found ${arrival}`,
      );
    }
    if (this.#requests.has(request.id)) {
      throw new RangeError(
        `Expected request ids to be unique but found ${JSON.stringify(request.id)} twice`,
      );
    }
    const size = { id: request.id, promptLen: request.prompt.length, maxTokens: request.maxTokens };
    if (this.#kv !== null) requireFitsKvCache(size, this.#kv.config);
    requireFitsPolicy(size, this.config);
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
    return state.result(this.#kv !== null);
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
    return [...this.#requests.values()].map((state) => state.result(this.#kv !== null));
  }

  /**
   * Runs one step and returns its record. An idle step runs too, with an
   * empty record.
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
    const step = this.#step;
    const record: StepRecord = this.#kv === null
      ? { step, arrived: [], scheduled: [], sampled: [], sampledTokenIds: [], finished: [] }
      : {
        step,
        arrived: [],
        scheduled: [],
        sampled: [],
        sampledTokenIds: [],
        finished: [],
        preempted: [],
        kvBlocksUsed: 0,
      };
    this.#run(record);
    return record;
  }

  /**
   * Runs steps (all of them by default; at most `maxSteps`), building no
   * records, until every request added so far has finished; idle stretches
   * between arrivals are skipped, not run. Returns the steps it ran (idle
   * steps skipped are not counted). This is `runWorkload` when it does not
   * trace; `step()` runs one step and returns its record, but does not skip
   * idle steps (call `skipIdleSteps()` first, as `runWorkload` does).
   *
   * @example
   * ```ts
   * import { Engine } from "stallfree/lib/engine/engine.ts";
   * import { assertEquals, assertThrows } from "@std/assert";
   * const engine = new Engine();
   * engine.addRequest({ id: "a", prompt: [1, 2], maxTokens: 3, arrival: 10 });
   * assertEquals(engine.run(1), 1); // steps 0..9 were idle: skipped, and step 10 ran
   * assertEquals([engine.currentStep, engine.run()], [11, 2]);
   * assertEquals(engine.result("a").finishStep, 12);
   * assertThrows(() => engine.run(-1), RangeError, "Expected maxSteps to be an integer >= 0 but found -1");
   * ```
   */
  run(maxSteps: number = Infinity): number {
    if (maxSteps !== Infinity) requireInteger("maxSteps", maxSteps, 0);
    let numSteps = 0;
    for (; numSteps < maxSteps && this.#numUnfinished > 0; numSteps++) {
      this.skipIdleSteps();
      this.#run(null);
    }
    return numSteps;
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
    const step = this.#step, queue = this.#queue, running = this.#running, kv = this.#kv;
    const { maxNumBatchedTokens, vocabSize, isReadyToSample, policy } = this.config;
    // 1. Arrivals: every request that has arrived joins the back of the waiting queue.
    let arrived = this.#arrived;
    while (arrived < queue.length && queue[arrived].arrival <= step) arrived++;
    const plan = this.#plan;
    plan.start(maxNumBatchedTokens, this.#admitted, arrived, running.length);
    // The policy's one decision: does the admission pass go before the running pass?
    const admitFirst = policy === "prefill-first" ||
      (policy === "prefill-priority" && this.#isBelowWatermark());
    // 2. Running pass (first under stall-free): decodes and unfinished prefills, in admission order.
    // 3. Admission pass: first come, first served; a head that cannot run blocks the rest.
    if (admitFirst) this.#admissionPass(plan, policy === "prefill-first");
    if (policy !== "prefill-first" || plan.numChunks === 0) this.#runningPass(plan);
    if (!admitFirst && plan.preempted.length === 0) this.#admissionPass(plan, false);
    // Every chunk is planned and checked (the pool is touched only under samplingGuard,
    // which never refuses): now change state.
    for (let i = this.#arrived; record && i < arrived; i++) record.arrived.push(queue[i].id);
    if (plan.preempted.length > 0) running.length = plan.runningEnd;
    const admittedEnd = plan.waitingHead - plan.numWithdrawn;
    for (let i = this.#admitted; i < admittedEnd; i++) running.push(queue[i]);
    this.#arrived = arrived;
    this.#admitted = plan.waitingHead;
    if (plan.preempted.length > 0) this.#requeuePreempted(plan.preempted, record);
    const { requests, numScheduledTokens, numChunks } = plan;
    let numFinished = 0;
    if (record) record.scheduled.length = numChunks; // sized once: every planned chunk runs
    // 4. Execute: the model computes every chunk's KV (after any prefix-cache hit, on admission).
    for (let i = 0; i < numChunks; i++) {
      if (requests[i].numComputedTokens === 0) requests[i].admit(plan.cacheHits[i]);
    }
    executeModel(requests, numScheduledTokens, numChunks);
    for (let i = 0; i < numChunks; i++) {
      const request = requests[i], n = numScheduledTokens[i];
      const { id, numComputedTokens, numTokens } = request;
      if (record) {
        record.scheduled[i] = { id, numScheduledTokens: n, contextLen: numComputedTokens };
      }
      // 5. Sample where the guard allows (a caught-up request always: #chunkSize checked it).
      if (numComputedTokens === numTokens || isReadyToSample(numComputedTokens, numTokens)) {
        const token = request.appendSample(vocabSize, step);
        if (record) {
          record.sampled.push(id);
          record.sampledTokenIds.push(token);
        }
        if (request.finishStep === step) {
          numFinished++;
          record?.finished.push(id);
        }
      }
    }
    // The step's full blocks enter the prefix cache, in schedule order.
    for (let i = 0; kv !== null && i < numChunks; i++) kv.cacheBlocks(requests[i]);
    // 6. Retire the finished (freeing their blocks); 7. count the step; the clock moves on.
    if (numFinished > 0) this.#retireFinished(numFinished);
    if (record && kv !== null) record.kvBlocksUsed = kv.numUsedBlocks;
    this.#addToTotals(step, numChunks, maxNumBatchedTokens - plan.budgetLeft);
    this.#step = step + 1;
  }

  /**
   * Running pass: each running request, in admission order, while budget is
   * left. When the pool cannot supply a request's blocks, the last running
   * request not yet scheduled is preempted, until it can; if that is the
   * asker itself, the pass ends. Before the asker, requests admitted earlier
   * in this step (under prefill-priority) are preempted, last first, their
   * chunks withdrawn: else two requests could take turns forever.
   */
  #runningPass(plan: StepPlan): void {
    const running = this.#running, kv = this.#kv, blockSize = this.config.blockSize;
    const { requests, numScheduledTokens, cacheHits } = plan;
    let k = plan.numChunks, budgetLeft = plan.budgetLeft;
    for (let i = 0; i < plan.runningEnd && budgetLeft > 0; i++) {
      const request = running[i], n = this.#chunkSize(request, 0, budgetLeft, false);
      // A running request holds ceil(numComputedTokens / blockSize) blocks: most chunks need no new one.
      const c = request.numComputedTokens;
      while (
        kv !== null && Math.ceil((c + n) / blockSize) > Math.ceil(c / blockSize) &&
        !kv.allocateSlots(request, n)
      ) {
        const withdrawn = plan.runningEnd - 1 === i ? this.#withdrawLastAdmission(plan, k) : 0;
        if (withdrawn > 0) {
          budgetLeft += withdrawn;
          k--;
          continue;
        }
        const victim = running[--plan.runningEnd];
        kv.free(victim.id);
        plan.preempted.push(victim);
        if (victim === request) break;
      }
      if (plan.runningEnd === i) break;
      requests[k] = request;
      numScheduledTokens[k] = n;
      cacheHits[k++] = 0;
      budgetLeft -= n;
    }
    plan.numChunks = k;
    plan.budgetLeft = budgetLeft;
  }

  /**
   * Preempts the last request admitted in this step, if any, and takes its
   * chunk out of the plan's first `numChunks` (admissions come first);
   * returns the budget it gave back, 0 when there is none.
   */
  #withdrawLastAdmission(plan: StepPlan, numChunks: number): number {
    const index = plan.waitingHead - plan.numWithdrawn - this.#admitted - 1;
    if (index < 0) return 0;
    const { requests, numScheduledTokens, cacheHits } = plan;
    const request = requests[index], n = numScheduledTokens[index];
    this.#kv!.free(request.id);
    plan.preempted.push(request);
    plan.numWithdrawn++;
    for (let j = index; j < numChunks - 1; j++) {
      requests[j] = requests[j + 1];
      numScheduledTokens[j] = numScheduledTokens[j + 1];
      cacheHits[j] = cacheHits[j + 1];
    }
    return n;
  }

  /**
   * Admission pass: while budget, seats and waiting requests remain, the head
   * is admitted with its first chunk (`wholePrompt`: its whole remaining
   * prompt, if the budget left holds it) after its prefix-cache hit; when its
   * blocks are not free (under `reserveFullPrompt`: the whole remaining
   * prompt's), admission stops. It never preempts.
   */
  #admissionPass(plan: StepPlan, wholePrompt: boolean): void {
    const queue = this.#queue, kv = this.#kv, { maxNumSeqs, reserveFullPrompt } = this.config;
    const seats = maxNumSeqs - plan.runningEnd + this.#admitted;
    let budgetLeft = plan.budgetLeft, k = plan.numChunks, head = plan.waitingHead;
    while (budgetLeft > 0 && head < plan.waitingEnd && head < seats) {
      const request = queue[head];
      const hit = kv === null ? NO_CACHE_HIT : kv.getComputedBlocks(request);
      const cached = hit.numComputedTokens;
      if (wholePrompt && request.numTokens - cached > budgetLeft) break;
      const n = this.#chunkSize(request, cached, budgetLeft, wholePrompt);
      if (kv !== null) {
        const full = request.numTokens - cached;
        if (reserveFullPrompt && !kv.canAllocate(request, full, hit)) break;
        if (!kv.allocateSlots(request, n, hit)) break;
      }
      head++;
      plan.requests[k] = request;
      plan.numScheduledTokens[k] = n;
      plan.cacheHits[k++] = cached;
      budgetLeft -= n;
    }
    plan.waitingHead = head;
    plan.budgetLeft = budgetLeft;
    plan.numChunks = k;
  }

  /** Whether blocks held by requests are below `kvWatermark` of the pool (always, with no pool). */
  #isBelowWatermark(): boolean {
    const kv = this.#kv;
    return kv === null || kv.numUsedBlocks < this.config.kvWatermark * kv.config.numKvBlocks;
  }

  /** Preempted requests restart from position 0 at the front of the waiting queue, in turn. */
  #requeuePreempted(preempted: readonly RequestState[], record: StepRecord | null): void {
    for (const victim of preempted) {
      victim.preempt();
      this.#queue[--this.#admitted] = victim; // a slot of a request admitted earlier
      record?.preempted?.push(victim.id);
    }
  }

  /**
   * The size of `request`'s chunk after `cached` prefix-cache positions:
   * `min(remaining, threshold, budgetLeft)`, as vLLM clamps it (no threshold
   * for a `wholePrompt`). Throws, with nothing changed, if the sampling
   * predicate would leave the request caught up without a token.
   */
  #chunkSize(
    request: RequestState,
    cached: number,
    budgetLeft: number,
    wholePrompt: boolean,
  ): number {
    const { longPrefillTokenThreshold, isReadyToSample } = this.config;
    let n = request.numTokens - request.numComputedTokens - cached;
    if (!wholePrompt && longPrefillTokenThreshold > 0 && n > longPrefillTokenThreshold) {
      n = longPrefillTokenThreshold;
    }
    if (n > budgetLeft) n = budgetLeft;
    const { numTokens } = request;
    if (
      request.numComputedTokens + cached + n === numTokens && !isReadyToSample(numTokens, numTokens)
    ) {
      throw new RangeError(
        `Expected isReadyToSample to sample request "${request.id}" once it caught up (numComputedTokens === numTokens === ${numTokens}) but it returned false`,
      );
    }
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
      else this.#kv?.free(request.id);
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
