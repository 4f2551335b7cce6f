import {
  maxStepTokens,
  stepCost,
  type StepRecord,
  totalSteps,
  ttftSteps,
  victimCosts,
} from "stallfree";
import { assertEquals } from "@std/assert";

// A hand-made trace: "a" (arrives 0) prefills 6 tokens over two steps, then decodes;
// "b" arrives at step 1 and is served in one step; step 2 is idle.
const chunk = (id: string, n: number, ctx: number) => ({
  id,
  numScheduledTokens: n,
  contextLen: ctx,
});
const trace: StepRecord[] = [
  {
    step: 0,
    arrived: ["a"],
    scheduled: [chunk("a", 4, 4)],
    sampled: [],
    sampledTokenIds: [],
    finished: [],
  },
  {
    step: 1,
    arrived: ["b"],
    scheduled: [chunk("a", 2, 6), chunk("b", 2, 2)],
    sampled: ["a", "b"],
    sampledTokenIds: [5, 9],
    finished: ["b"],
  },
  { step: 2, arrived: [], scheduled: [], sampled: [], sampledTokenIds: [], finished: [] },
  {
    step: 3,
    arrived: [],
    scheduled: [chunk("a", 1, 7)],
    sampled: ["a"],
    sampledTokenIds: [3],
    finished: ["a"],
  },
];

Deno.test("stepCost() sums the step's chunks", () => {
  assertEquals(trace.map(stepCost), [4, 4, 0, 1]);
});

Deno.test("victimCosts() keeps the steps where the request advanced", () => {
  assertEquals(victimCosts(trace, "a"), [4, 4, 1]);
  assertEquals(victimCosts(trace, "b"), [4]);
  assertEquals(victimCosts(trace, "nobody"), []);
});

Deno.test("maxStepTokens() and totalSteps() read the trace", () => {
  assertEquals([maxStepTokens(trace), totalSteps(trace)], [4, 4]);
  assertEquals([maxStepTokens([]), totalSteps([])], [0, 0]);
  assertEquals(totalSteps(trace.slice(0, 3)), 2); // a trailing idle step does not count
});

Deno.test("ttftSteps() counts from arrival, both ends included", () => {
  assertEquals(ttftSteps(trace), new Map([["a", 2], ["b", 1]]));
});
