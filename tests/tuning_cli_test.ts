// `deno task capacity` and `deno task tune` end to end, as a script would call them.
import { assert, assertEquals, assertMatch } from "@std/assert";

const root = new URL("../", import.meta.url).pathname;

async function command(script: "capacity" | "tune", ...args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env=INIT_CWD", `cli/${script}.ts`, ...args],
    cwd: root,
    env: { NO_COLOR: "1" },
  }).output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

const MODEL = ["--model", "llama2-7b-a100"];

Deno.test("capacity prints one JSON object: capacityQps, the metrics there, every probe; the same twice", async () => {
  const args = [...MODEL, "--workload", "chat", "--budget", "512", "--threshold", "512"];
  const run = () => command("capacity", ...args, "--slo-tbt-ms=100", "--requests", "256");
  const [first, second] = [await run(), await run()];
  assertEquals([first.code, first.stderr], [0, ""]);
  assertEquals(first.stdout, second.stdout);
  assertEquals(first.stdout.trim().split("\n").length, 1);
  const report = JSON.parse(first.stdout);
  assertEquals(report.config, { maxNumBatchedTokens: 512, longPrefillTokenThreshold: 512 });
  assertEquals([report.numRequests, report.seed, report.slo.sloTbtMs], [256, 0, 100]);
  assert(report.capacityQps > 0 && report.metrics.p99TbtMs <= 100, first.stdout);
  assertEquals(
    report.probes.find((p: { qps: number }) => p.qps === report.capacityQps).isSloMet,
    true,
  );
  assertEquals(
    report.probes.find((p: { qps: number }) => p.qps === report.failQps).isSloMet,
    false,
  );
});

Deno.test("capacity reads a CSV trace, from where the command was typed", async () => {
  const dir = await Deno.makeTempDir();
  const rows = Array.from({ length: 40 }, (_, i) => `${i * 0.5},${100 + 37 * (i % 7)},${20 + i}`);
  await Deno.writeTextFile(
    `${dir}/t.csv`,
    ["arrived_at,num_prefill_tokens,num_decode_tokens", ...rows].join("\n"),
  );
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env=INIT_CWD",
      `${root}cli/capacity.ts`,
      ...MODEL,
      "--workload",
      "t.csv",
      "--budget",
      "512",
      "--slo-tbt-ms",
      "100",
    ],
    cwd: root,
    env: { NO_COLOR: "1", INIT_CWD: dir },
  }).output();
  assertEquals([code, new TextDecoder().decode(stderr)], [0, ""]);
  const report = JSON.parse(new TextDecoder().decode(stdout));
  assertEquals(report.workload, "t.csv");
  assert(report.capacityQps > 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("tune prints the recommendation and the table as JSON, or as a table", async () => {
  const args = [
    ...MODEL,
    "--workload",
    "chat",
    "--slo-tbt-ms",
    "100",
    "--budgets",
    "512,8192",
    "--thresholds",
    "0",
    "--requests",
    "128",
  ];
  const json = await command("tune", ...args);
  assertEquals([json.code, json.stderr], [0, ""]);
  const { best, table } = JSON.parse(json.stdout);
  assertEquals([best.maxNumBatchedTokens, table.length], [512, 2]);
  const text = await command("tune", ...args, "--format", "table");
  assertEquals(text.code, 0);
  const lines = text.stdout.trim().split("\n");
  assertEquals(lines.length, 4);
  assertMatch(lines[0], /^budget {2}threshold {2}capacity QPS {2}P99 TBT ms/);
  assertMatch(lines[2], /^512 .* best$/);
});

const refusals: [string, "capacity" | "tune", string[], string, number][] = [
  [
    "a missing --model",
    "capacity",
    ["--workload", "chat", "--budget", "512", "--slo-tbt-ms", "100"],
    "capacity: Expected --model, which is required. Usage: deno task capacity",
    2,
  ],
  [
    "an unknown model",
    "capacity",
    ["--model", "gpt-4", "--workload", "chat", "--budget", "512", "--slo-tbt-ms", "100"],
    'capacity: Expected --model to be one of llama2-7b-a100, llama2-7b-h100, llama2-70b-a100-tp4, llama2-70b-h100-tp4 but found "gpt-4"',
    2,
  ],
  [
    "a budget of 0",
    "capacity",
    [...MODEL, "--workload", "chat", "--budget", "0", "--slo-tbt-ms", "100"],
    'capacity: Expected --budget to be an integer >= 1 but found "0"',
    2,
  ],
  [
    "an SLO with a unit",
    "capacity",
    [...MODEL, "--workload", "chat", "--budget", "512", "--slo-tbt-ms", "100ms"],
    'capacity: Expected --slo-tbt-ms to be an integer >= 1 but found "100ms"',
    2,
  ],
  [
    "a flag with no value",
    "capacity",
    [...MODEL, "--workload", "chat", "--slo-tbt-ms", "--budget", "512"],
    "capacity: Expected --slo-tbt-ms to be an integer >= 1 but found nothing",
    2,
  ],
  [
    "a misspelt flag",
    "capacity",
    [...MODEL, "--workload", "chat", "--budgte", "512"],
    'capacity: Unknown argument "--budgte". Usage: deno task capacity',
    2,
  ],
  [
    "a missing file",
    "capacity",
    [...MODEL, "--workload", "nope.csv", "--budget", "512", "--slo-tbt-ms", "100"],
    'capacity: Expected --workload to be one of chat, code, arxiv or a CSV trace file but found "nope.csv" (no such regular file)',
    2,
  ],
  [
    "an SLO no rate meets",
    "capacity",
    [...MODEL, "--workload", "chat", "--budget", "512", "--slo-tbt-ms", "5", "--requests", "16"],
    "capacity: Expected the SLO to hold at some rate >= 0.0625 QPS (minQps) but it failed at every rate probed, 1 down to 0.0625",
    1,
  ],
  [
    "a flag given twice",
    "capacity",
    [...MODEL, "--workload", "chat", "--budget", "512", "--budget=1024", "--slo-tbt-ms", "100"],
    "capacity: Expected --budget at most once but found it twice",
    2,
  ],
  [
    "a folder as the workload",
    "capacity",
    [...MODEL, "--workload", "lib", "--budget", "512", "--slo-tbt-ms", "100"],
    'capacity: Expected --workload to be one of chat, code, arxiv or a CSV trace file but found "lib" (no such regular file)',
    2,
  ],
  [
    "a bad list",
    "tune",
    [...MODEL, "--workload", "chat", "--slo-tbt-ms", "100", "--budgets", "512,,1024"],
    'tune: Expected --budgets to be a comma-separated list of integers >= 1 but found "512,,1024"',
    2,
  ],
  [
    "a bad format",
    "tune",
    [...MODEL, "--workload", "chat", "--slo-tbt-ms", "100", "--format", "csv"],
    'tune: Expected --format to be one of json, table but found "csv"',
    2,
  ],
  [
    "an SLO no config meets",
    "tune",
    [
      ...MODEL,
      "--workload",
      "chat",
      "--slo-tbt-ms",
      "5",
      "--budgets",
      "512",
      "--thresholds",
      "0",
      "--requests",
      "16",
    ],
    "tune: Expected a config meeting P99 TBT <= 5 ms, median scheduling delay <= 2000 ms at some rate >= 0.0625 QPS but the closest, budget 512 and threshold 0, has P99 TBT",
    1,
  ],
];

for (const [what, script, args, message, exitCode] of refusals) {
  Deno.test(`${script} refuses ${what} in one line, exit ${exitCode}, nothing on stdout`, async () => {
    const { code, stdout, stderr } = await command(script, ...args);
    assertEquals([code, stdout], [exitCode, ""]);
    assertEquals(stderr.split("\n").length, 2, stderr);
    assert(stderr.startsWith(message), stderr);
  });
}

Deno.test("a bad CSV trace is refused naming its line and column", async () => {
  const path = await Deno.makeTempFile({ suffix: ".csv" });
  await Deno.writeTextFile(
    path,
    "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,374,44\n1.0,abc,3\n",
  );
  const { code, stderr } = await command(
    "capacity",
    ...MODEL,
    "--workload",
    path,
    "--budget",
    "512",
    "--slo-tbt-ms",
    "100",
  );
  assertEquals(code, 2);
  assertEquals(
    stderr,
    `capacity: Expected ${path} line 3 column num_prefill_tokens to be an integer >= 1 but found "abc"\n`,
  );
  await Deno.remove(path);
});
