// `deno task sim` end to end, as a script or a grader would call it.
import { assert, assertEquals, assertMatch } from "@std/assert";
import { parseWorkload, runWorkload } from "stallfree";
import { folderWith, sim, SMALL_WORKLOAD, snapshot } from "./sim_process.ts";

const spike = new URL("../workloads/spike.json", import.meta.url).pathname;

/** The report as the command printed it before it streamed: one `JSON.stringify`. */
function reportInOneString(text: string, options: Parameters<typeof runWorkload>[1] = {}) {
  const run = runWorkload(parseWorkload(JSON.parse(text)), options);
  const requests: Record<string, unknown> = {};
  for (const [id, { ttftSteps, finishStep, output }] of Object.entries(run.requests)) {
    requests[id] = { ttftSteps, finishStep, output };
  }
  const { totalSteps, maxStepTokens, requestSteps, tokens } = run;
  return JSON.stringify({ totalSteps, maxStepTokens, requestSteps, tokens, requests }) + "\n";
}

Deno.test("sim prints the spike run's metrics as one JSON object", async () => {
  const { code, stdout } = await sim(["--workload", spike, "--threshold", "32"]);
  assertEquals(code, 0);
  const report = JSON.parse(stdout);
  assertEquals(Object.keys(report), [
    "totalSteps",
    "maxStepTokens",
    "requestSteps",
    "tokens",
    "requests",
  ]);
  assertEquals([report.totalSteps, report.maxStepTokens, report.tokens], [
    16,
    33,
    8 + 256 + 15 + 1,
  ]);
  assertEquals([report.requests.A.ttftSteps, report.requests.B.ttftSteps], [1, 8]);
  assertEquals(report.requests.A.output.length, 16);
});

Deno.test("sim streams byte for byte the report one JSON.stringify gave, ids in its order", async () => {
  const text = JSON.stringify([
    { id: "b", arrival: 0, promptLen: 5, maxTokens: 3 },
    { id: "10", arrival: 1, promptLen: 7, maxTokens: 2 },
    { id: "2", arrival: 1, prompt: [4, 5], maxTokens: 4 },
    { id: 'a\u2028"q"', arrival: 2, promptLen: 3, maxTokens: 1 },
  ]);
  const dir = folderWith({ "w.json": text });
  const { code, stdout } = await sim(["--workload", `${dir}/w.json`, "--budget", "8"]);
  assertEquals([code, stdout], [0, reportInOneString(text, { maxNumBatchedTokens: 8 })]);
  const spikeRun = await sim(["--workload", spike, "--threshold", "32"]);
  assertEquals(
    spikeRun.stdout,
    reportInOneString(Deno.readTextFileSync(spike), { longPrefillTokenThreshold: 32 }),
  );
});

Deno.test("sim reports a request named __proto__ like any other", async () => {
  const dir = folderWith({
    "w.json": '[{"id":"__proto__","arrival":0,"prompt":[1],"maxTokens":2}]',
  });
  const { code, stdout } = await sim(["--workload", `${dir}/w.json`]);
  assertEquals(code, 0);
  assertEquals(Object.keys(JSON.parse(stdout).requests), ["__proto__"]);
});

Deno.test("sim streams an output longer than one write's piece whole", async () => {
  const dir = folderWith({ "w.json": '[{"id":"a","arrival":0,"prompt":[1],"maxTokens":150000}]' });
  const { code, stdout } = await sim(["--workload", `${dir}/w.json`]);
  assertEquals(code, 0);
  const run = runWorkload([{ id: "a", arrival: 0, prompt: [1], maxTokens: 150000 }]);
  assertEquals(JSON.parse(stdout).requests.a.output, run.requests.a.output);
});

Deno.test("sim --no-outputs prints every metric but the token ids", async () => {
  const full = JSON.parse((await sim(["--workload", spike])).stdout);
  const { code, stdout } = await sim(["--workload", spike, "--no-outputs"]);
  assertEquals(code, 0);
  for (const request of Object.values(full.requests)) delete (request as { output?: [] }).output;
  assertEquals(JSON.parse(stdout), full);
});

Deno.test("sim accepts a UTF-8 byte-order mark and - for standard input", async () => {
  const expected = (await sim(["--workload", spike])).stdout;
  const dir = folderWith({ "bom.json": `\ufeff${Deno.readTextFileSync(spike)}` });
  assertEquals((await sim(["--workload", `${dir}/bom.json`])).stdout, expected);
  const piped = await sim(["--workload", "-"], { stdin: Deno.readTextFileSync(spike) });
  assertEquals([piped.code, piped.stdout], [0, expected]);
});

Deno.test("sim names standard input in its refusals", async () => {
  const { code, stdout, stderr } = await sim(["--workload", "-"], { stdin: "[1,\n" });
  assertEquals([code, stdout, stderr], [
    2,
    "",
    "sim: Standard input is not valid JSON: Unexpected end of JSON input\n",
  ]);
});

Deno.test("sim --trace writes one JSON line per step in schedule order", async () => {
  const dir = folderWith({});
  const { code } = await sim(["--workload", spike, "--trace", `${dir}/t.jsonl`]);
  assertEquals(code, 0);
  const lines = Deno.readTextFileSync(`${dir}/t.jsonl`).trim().split("\n").map((l) =>
    JSON.parse(l)
  );
  assertEquals(lines.slice(0, 3), [
    { step: 0, scheduled: [["A", 8]] },
    { step: 1, scheduled: [["A", 1], ["B", 256]] },
    { step: 2, scheduled: [["A", 1], ["B", 1]] },
  ]);
  const run = runWorkload(parseWorkload(JSON.parse(Deno.readTextFileSync(spike))), { trace: true });
  const steps = run.steps!.filter((s) => s.scheduled.length > 0);
  assertEquals(
    lines,
    steps.map((s) => ({
      step: s.step,
      scheduled: s.scheduled.map((c) => [c.id, c.numScheduledTokens]),
    })),
  );
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("sim --trace replaces an earlier trace whole, through a link, leaving no temporary file", async () => {
  const dir = folderWith({ "w.json": SMALL_WORKLOAD, "old.jsonl": "x\n".repeat(100000) });
  Deno.symlinkSync(`${dir}/old.jsonl`, `${dir}/link.jsonl`);
  const { code, stdout } = await sim([
    "--workload",
    `${dir}/w.json`,
    "--trace",
    `${dir}/link.jsonl`,
  ]);
  assertEquals(code, 0);
  assert(stdout.startsWith('{"totalSteps":'));
  assertEquals(Deno.lstatSync(`${dir}/link.jsonl`).isSymlink, true);
  const trace = Deno.readTextFileSync(`${dir}/old.jsonl`);
  assertMatch(trace, /^\{"step":0,"scheduled":\[\["A",3\]\]\}\n/);
  assertEquals(Object.keys(snapshot(dir)).sort(), ["link.jsonl", "old.jsonl", "w.json"]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("sim reads and writes relative paths from where deno task started (INIT_CWD)", async () => {
  const dir = folderWith({ "w.json": SMALL_WORKLOAD });
  Deno.mkdirSync(`${dir}/out`);
  const { code, stdout } = await sim(["--workload", "w.json", "--trace", "out/../t.jsonl"], {
    prefix: `export INIT_CWD='${dir}'`,
  });
  assertEquals(code, 0);
  assert(stdout.startsWith('{"totalSteps":'));
  assertMatch(Deno.readTextFileSync(`${dir}/t.jsonl`), /^\{"step":0,"scheduled":\[\["A",3\]\]\}\n/);
  assertEquals(Object.keys(snapshot(dir)).sort(), ["out", "t.jsonl", "w.json"]);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("sim --help prints the usage and exits 0", async () => {
  const { code, stdout, stderr } = await sim(["--help"]);
  assertEquals([code, stderr], [0, ""]);
  assertMatch(stdout, /^Usage: deno task sim --workload FILE\|- /);
});

const refusals: [string, string[], string][] = [
  ["a missing --workload", [], "Expected --workload FILE. Usage: "],
  ["an unknown flag", ["--workload", "x.json", "--budgte", "5"], 'Unknown argument "--budgte". '],
  [
    "a zero budget",
    ["--workload", "x.json", "--budget", "0"],
    'Expected --budget to be an integer >= 1 but found "0"',
  ],
  [
    "a fractional threshold",
    ["--workload", "x.json", "--threshold=1.5"],
    'Expected --threshold to be an integer >= 0 but found "1.5"',
  ],
  [
    "a flag without its value",
    ["--workload", "x.json", "--trace", "--budget", "4"],
    "Expected a file path after --trace but found nothing",
  ],
  [
    "a missing file",
    ["--workload", "missing.json"],
    "Cannot read workload file missing.json: No such file or directory (os error 2)",
  ],
];

for (const [what, args, message] of refusals) {
  Deno.test(`sim refuses ${what} with one line and exit code 2`, async () => {
    const { code, stdout, stderr } = await sim(args);
    assertEquals([code, stdout], [2, ""]);
    assertEquals(stderr.split("\n").length, 2);
    assert(stderr.startsWith(`sim: ${message}`), stderr);
  });
}

Deno.test("sim refuses a bad workload file, naming the entry, and writes no trace", async () => {
  const cases: [string, string][] = [
    [
      "{ not json",
      "is not valid JSON: Expected property name or '}' in JSON at position 2 (line 1 column 3)",
    ],
    [
      '[{"id":"a","arrival":0,"promptLen":0,"maxTokens":1}]',
      "is not a valid workload: Expected workload[0].promptLen to be an integer in [1, 16777216] but found 0",
    ],
    [
      '[{"id":"a","arrival":0,"prompt":[1],"maxTokens":1},{"id":"a","arrival":1,"prompt":[2],"maxTokens":1}]',
      'is not a valid workload: Expected workload[1].id to be unique but found "a" (also workload[0].id)',
    ],
    [
      '[{"id":"a","arrival":0,"prompt":[1],"promptLen":3,"maxTokens":1}]',
      "is not a valid workload: Expected workload[0] to have exactly one of prompt and promptLen but found both",
    ],
  ];
  for (const [text, message] of cases) {
    const dir = folderWith({ "w.json": text });
    const { code, stdout, stderr } = await sim([
      "--workload",
      `${dir}/w.json`,
      "--trace",
      `${dir}/t.jsonl`,
    ]);
    assertEquals([code, stdout, stderr], [2, "", `sim: Workload file ${dir}/w.json ${message}\n`]);
    assertEquals(Object.keys(snapshot(dir)), ["w.json"]);
    Deno.removeSync(dir, { recursive: true });
  }
});
