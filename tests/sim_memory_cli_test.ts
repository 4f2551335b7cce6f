// `deno task sim` with KV blocks: the memory and policy flags, the trace's
// preempted ids, the report's preemption counts, and the refusals.
import { assert, assertEquals } from "@std/assert";
import { type EngineConfig, parseWorkload, runWorkload } from "stallfree";
import { folderWith, sim } from "./sim_process.ts";

// The tiny pool of chapter 6: three 2-token prompts, 5 outputs each, 4 blocks of 2.
const TINY = JSON.stringify(
  ["A", "B", "C"].map((id, i) => ({ id, arrival: 0, prompt: [i + 1, i + 1], maxTokens: 5 })),
);

Deno.test("sim --num-kv-blocks traces each preemption and reports the counts", async () => {
  const dir = folderWith({ "w.json": TINY });
  const args = ["--workload", `${dir}/w.json`, "--num-kv-blocks", "4", "--block-size", "2"];
  const { code, stdout } = await sim([...args, "--trace", `${dir}/t.jsonl`, "--no-outputs"]);
  assertEquals(code, 0);
  const lines = Deno.readTextFileSync(`${dir}/t.jsonl`).trim().split("\n");
  assertEquals(lines.slice(0, 5), [
    '{"step":0,"scheduled":[["A",2],["B",2],["C",2]]}',
    '{"step":1,"scheduled":[["A",1],["B",1]],"preempted":["C"]}',
    '{"step":2,"scheduled":[["A",1],["B",1]]}',
    '{"step":3,"scheduled":[["A",1]],"preempted":["B"]}',
    '{"step":4,"scheduled":[["A",1]]}',
  ]);
  const report = JSON.parse(stdout);
  assertEquals(Object.keys(report), [
    "totalSteps",
    "maxStepTokens",
    "requestSteps",
    "tokens",
    "preemptions",
    "requests",
  ]);
  assertEquals(report.preemptions, 2);
  assertEquals(report.requests.B, {
    ttftSteps: 1,
    finishStep: 6,
    numPreemptions: 1,
    numCachedTokens: 0,
  });
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("sim's memory and policy flags reach the engine: its trace is runWorkload's", async () => {
  const shared = Array.from({ length: 32 }, (_, i) => i % 5);
  const text = JSON.stringify(
    Array.from({ length: 12 }, (_, i) => ({
      id: `r${i}`,
      arrival: i * 2,
      prompt: [...shared, ...Array.from({ length: 8 + 5 * i }, (_, k) => (i * 7 + k) % 11)],
      maxTokens: 4 + (i % 5) * 6,
    })),
  );
  const dir = folderWith({ "w.json": text });
  const config: Partial<EngineConfig> = {
    ...{ maxNumBatchedTokens: 128, numKvBlocks: 24, blockSize: 8, enablePrefixCaching: true },
    ...{ reserveFullPrompt: true, policy: "prefill-priority", kvWatermark: 0.5 },
  };
  const args = [
    ...["--workload", `${dir}/w.json`, "--budget", "128", "--num-kv-blocks", "24"],
    ...["--block-size", "8", "--prefix-caching", "--reserve-full-prompt"],
    ...["--policy", "prefill-priority", "--kv-watermark", "0.5", "--trace", `${dir}/t.jsonl`],
  ];
  const { code, stdout } = await sim(args);
  assertEquals(code, 0);
  const run = runWorkload(parseWorkload(JSON.parse(text)), { ...config, trace: true });
  const expected = run.steps!.filter((s) => s.scheduled.length + s.preempted!.length > 0)
    .map((s) => ({
      step: s.step,
      scheduled: s.scheduled.map((c) => [c.id, c.numScheduledTokens]),
      ...(s.preempted!.length > 0 ? { preempted: s.preempted } : {}),
    }));
  const lines = Deno.readTextFileSync(`${dir}/t.jsonl`).trim().split("\n");
  assertEquals(lines.map((l) => JSON.parse(l)), expected);
  const report = JSON.parse(stdout);
  const preemptions = Object.values(run.requests).reduce((n, r) => n + r.numPreemptions!, 0);
  assert(preemptions > 0, "some preemption");
  assertEquals(report.preemptions, preemptions);
  assert(Object.values(run.requests).some((r) => r.numCachedTokens! > 0), "some prefix hit");
  for (const [id, r] of Object.entries(run.requests)) {
    assertEquals(report.requests[id].numCachedTokens, r.numCachedTokens);
    assertEquals(report.requests[id].output, r.output);
  }
  Deno.removeSync(dir, { recursive: true });
});

const refusals: [string, string[], string][] = [
  [
    "an unknown policy",
    ["--policy", "fastest"],
    'Expected --policy to be one of stall-free, prefill-first, prefill-priority but found "fastest"',
  ],
  [
    "a watermark above 1",
    ["--kv-watermark", "1.5"],
    'Expected --kv-watermark to be a number in [0, 1] but found "1.5"',
  ],
  [
    "prefix caching without a pool",
    ["--prefix-caching"],
    "Expected --num-kv-blocks N with --prefix-caching but found no --num-kv-blocks",
  ],
  [
    "a value for a switch",
    ["--reserve-full-prompt=yes"],
    'Expected --reserve-full-prompt to take no value but found "yes"',
  ],
  [
    "a zero pool",
    ["--num-kv-blocks", "0"],
    'Expected --num-kv-blocks to be an integer >= 1 but found "0"',
  ],
  [
    "a request that could never fit",
    ["--num-kv-blocks", "1", "--block-size", "2"],
    'Expected request "A" to need at most numKvBlocks (1) blocks',
  ],
];

for (const [what, flags, message] of refusals) {
  Deno.test(`sim refuses ${what} with one line and exit code 2`, async () => {
    const dir = folderWith({ "w.json": TINY });
    const { code, stdout, stderr } = await sim(["--workload", `${dir}/w.json`, ...flags]);
    assertEquals([code, stdout], [2, ""]);
    assertEquals(stderr.split("\n").length, 2);
    assert(stderr.startsWith(`sim: ${message}`), stderr);
    Deno.removeSync(dir, { recursive: true });
  });
}
