// `deno task sim` end to end, as a script or a grader would call it.
import { assertEquals, assertMatch } from "@std/assert";

const root = new URL("../", import.meta.url);
const workloadDir = new URL("workloads/", root).pathname;

async function sim(...args: string[]) {
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", "--allow-env=INIT_CWD", "cli/sim.ts", ...args],
    cwd: root.pathname,
    env: { NO_COLOR: "1" },
  });
  const { code, stdout, stderr } = await command.output();
  return {
    code,
    stdout: new TextDecoder().decode(stdout),
    stderr: new TextDecoder().decode(stderr),
  };
}

Deno.test("sim prints the spike run's metrics as one JSON object", async () => {
  const { code, stdout } = await sim("--workload", `${workloadDir}spike.json`, "--threshold", "32");
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

Deno.test("sim --trace writes one JSON line per step in schedule order", async () => {
  const trace = await Deno.makeTempFile({ suffix: ".jsonl" });
  const { code } = await sim("--workload", `${workloadDir}spike.json`, "--trace", trace);
  assertEquals(code, 0);
  const lines = (await Deno.readTextFile(trace)).trim().split("\n").map((line) => JSON.parse(line));
  assertEquals(lines.slice(0, 3), [
    { step: 0, scheduled: [["A", 8]] },
    { step: 1, scheduled: [["A", 1], ["B", 256]] },
    { step: 2, scheduled: [["A", 1], ["B", 1]] },
  ]);
  await Deno.remove(trace);
});

const refusals: [string, string[], RegExp][] = [
  ["a missing --workload", [], /^sim: Expected --workload FILE\. Usage: /],
  [
    "an unknown flag",
    ["--workload", "x.json", "--budgte", "5"],
    /^sim: Unknown argument "--budgte"/,
  ],
  [
    "a zero budget",
    ["--workload", "x.json", "--budget", "0"],
    /^sim: Expected --budget to be an integer >= 1 but found "0"$/,
  ],
  [
    "a fractional threshold",
    ["--workload", "x.json", "--threshold=1.5"],
    /^sim: Expected --threshold to be an integer >= 0 but found "1.5"$/,
  ],
  [
    "a missing file",
    ["--workload", "missing.json"],
    /^sim: Cannot read workload file missing\.json: /,
  ],
];

for (const [what, args, message] of refusals) {
  Deno.test(`sim refuses ${what} with one line and exit code 2`, async () => {
    const { code, stdout, stderr } = await sim(...args);
    assertEquals([code, stdout], [2, ""]);
    assertEquals(stderr.trim().split("\n").length, 1);
    assertMatch(stderr.trim(), message);
  });
}

Deno.test("sim refuses a bad workload file, naming the entry, and writes no trace", async () => {
  const dir = await Deno.makeTempDir();
  const cases: [string, RegExp][] = [
    ["{ not json", /is not valid JSON/],
    [
      '[{"id":"a","arrival":0,"promptLen":0,"maxTokens":1}]',
      /Expected workload\[0\]\.promptLen to be an integer >= 1 but found 0$/,
    ],
    [
      '[{"id":"a","arrival":0,"prompt":[1],"maxTokens":1},{"id":"a","arrival":1,"prompt":[2],"maxTokens":1}]',
      /Expected workload\[1\]\.id to be unique but found "a" \(also workload\[0\]\.id\)$/,
    ],
    [
      '[{"id":"a","arrival":0,"prompt":[1],"promptLen":3,"maxTokens":1}]',
      /Expected workload\[0\] to have exactly one of prompt and promptLen but found both$/,
    ],
  ];
  for (const [text, message] of cases) {
    await Deno.writeTextFile(`${dir}/w.json`, text);
    const { code, stdout, stderr } = await sim(
      "--workload",
      `${dir}/w.json`,
      "--trace",
      `${dir}/t.jsonl`,
    );
    assertEquals([code, stdout], [2, ""]);
    assertMatch(stderr.trim(), message);
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["w.json"]);
  }
  await Deno.remove(dir, { recursive: true });
});
