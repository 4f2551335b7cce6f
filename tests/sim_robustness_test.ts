// Issue 12 through the real command: every refusal is one exact line, exit code 2, and no
// input or earlier output changes.
import { assertEquals } from "@std/assert";
import { folderWith, sim, SMALL_WORKLOAD, snapshot, spawnSim } from "./sim_process.ts";

interface Refusal {
  what: string;
  files?: Record<string, string>;
  /** Arguments, with DIR standing for the test's folder. */
  args: string[];
  /** The exact stderr line, without `sim: ` and with DIR for the folder. */
  line: string;
  prefix?: string;
  setup?: (dir: string) => void;
}

const entry = (fields: Record<string, unknown>) =>
  JSON.stringify([{ id: "a", arrival: 0, promptLen: 4, maxTokens: 2, ...fields }]);
const invalid = (line: string) => `Workload file DIR/w.json is not a valid workload: ${line}`;

const refusals: Refusal[] = [
  {
    what: "a trace that is the workload file",
    args: ["--workload", "DIR/w.json", "--trace", "DIR/w.json"],
    line:
      'Expected --trace to name a file other than the workload but found "DIR/w.json", the same file as "DIR/w.json"',
  },
  {
    what: "a trace that links to the workload file",
    setup: (dir) => Deno.symlinkSync(`${dir}/w.json`, `${dir}/link.json`),
    args: ["--workload", "DIR/w.json", "--trace", "DIR/link.json"],
    line:
      'Expected --trace to name a file other than the workload but found "DIR/link.json", the same file as "DIR/w.json"',
  },
  {
    what: "a trace that is a hard link to the workload file",
    setup: (dir) => Deno.linkSync(`${dir}/w.json`, `${dir}/hard.json`),
    args: ["--workload", "DIR/hard.json", "--trace", "DIR/w.json"],
    line:
      'Expected --trace to name a file other than the workload but found "DIR/w.json", the same file as "DIR/hard.json"',
  },
  {
    what: "a trace in a folder that does not exist, before simulating",
    args: ["--workload", "DIR/w.json", "--trace", "DIR/missing/t.jsonl"],
    line: "Cannot write trace file DIR/missing/t.jsonl: no such folder",
  },
  {
    what: "a trace that is a folder",
    args: ["--workload", "DIR/w.json", "--trace", "DIR"],
    line: "Cannot write trace file DIR: not a regular file",
  },
  {
    what: "a trace to a device",
    args: ["--workload", "DIR/w.json", "--trace", "/dev/stdout"],
    line: "Cannot write trace file /dev/stdout: not a regular file",
  },
  {
    what: "a trace that fills the disk, keeping the earlier trace",
    files: { "w.json": bigWorkload(2000), "t.jsonl": "the earlier trace\n" },
    prefix: "trap '' XFSZ; ulimit -f 16", // writes past 16 KiB fail as on a full disk
    args: ["--workload", "DIR/w.json", "--trace", "DIR/t.jsonl"],
    line: "Cannot write trace file DIR/t.jsonl: File too large (os error 27)",
  },
  {
    what: "a bad workload, keeping the earlier trace",
    files: { "w.json": entry({ maxTokens: 0 }), "t.jsonl": "the earlier trace\n" },
    args: ["--workload", "DIR/w.json", "--trace", "DIR/t.jsonl"],
    line: invalid("Expected workload[0].maxTokens to be an integer in [1, 16777216] but found 0"),
  },
  {
    what: "maxTokens 1e9",
    files: { "w.json": entry({ maxTokens: 1e9 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected workload[0].maxTokens to be an integer in [1, 16777216] but found 1000000000",
    ),
  },
  {
    what: "maxTokens 2^53 - 1",
    files: { "w.json": entry({ maxTokens: 2 ** 53 - 1 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected workload[0].maxTokens to be an integer in [1, 16777216] but found 9007199254740991",
    ),
  },
  {
    what: "promptLen 1e9",
    files: { "w.json": entry({ promptLen: 1e9 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected workload[0].promptLen to be an integer in [1, 16777216] but found 1000000000",
    ),
  },
  {
    what: "a request past 2^24 tokens",
    files: { "w.json": entry({ promptLen: 2 ** 24 - 1, maxTokens: 2 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected workload[0].promptLen + maxTokens to be at most 16777216 but found 16777217",
    ),
  },
  {
    what: "a workload past 2^28 tokens, before generating any prompt",
    files: { "w.json": bigWorkload(17, { promptLen: 2 ** 24 - 1, maxTokens: 1 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected the workload's tokens (promptLen + maxTokens over its requests) to be at most 268435456 but found 285212672 by workload[16]",
    ),
  },
  {
    what: "an arrival at 2^53 - 3",
    files: { "w.json": entry({ arrival: 2 ** 53 - 3 }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      "Expected workload[0].arrival to be an integer in [0, 1099511627776] but found 9007199254740989",
    ),
  },
  {
    what: "a null prompt, naming prompt",
    files: { "w.json": entry({ promptLen: undefined, prompt: null }) },
    args: ["--workload", "DIR/w.json"],
    line: invalid("Expected workload[0].prompt to be a non-empty array but found null"),
  },
  {
    what: "ids with a newline and escape codes, escaped",
    files: {
      "w.json": JSON.stringify(
        [1, 2].map(() => ({ id: "a\nb\u001b[2J\u009b", arrival: 0, promptLen: 1, maxTokens: 1 })),
      ),
    },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      'Expected workload[1].id to be unique but found "a\\nb\\u001b[2J\\u009b" (also workload[0].id)',
    ),
  },
  {
    what: "a long id, cut",
    files: {
      "w.json": JSON.stringify(
        [1, 2].map(() => ({ id: "x".repeat(1000), arrival: 0, promptLen: 1, maxTokens: 1 })),
      ),
    },
    args: ["--workload", "DIR/w.json"],
    line: invalid(
      `Expected workload[1].id to be unique but found "${"x".repeat(77)}..." (also workload[0].id)`,
    ),
  },
  {
    what: "a JSON syntax error spread over lines, on one line",
    files: { "w.json": "[\n1,\nx\n]" },
    args: ["--workload", "DIR/w.json"],
    line:
      `Workload file DIR/w.json is not valid JSON: Unexpected token 'x', "[\\n1,\\nx\\n]" is not valid JSON`,
  },
  {
    what: "a file that is not UTF-8",
    files: { "w.json": '["\udc00"]' },
    setup: (dir) => Deno.writeFileSync(`${dir}/w.json`, new Uint8Array([0x5b, 0xff, 0x5d])),
    args: ["--workload", "DIR/w.json"],
    line: "Workload file DIR/w.json is not UTF-8 text",
  },
  {
    what: "/dev/zero",
    args: ["--workload", "/dev/zero"],
    line: "Cannot read workload file /dev/zero: not a regular file",
  },
  {
    what: "a named pipe with no writer, without waiting for one",
    setup: (dir) => {
      new Deno.Command("mkfifo", { args: [`${dir}/fifo.json`] }).outputSync();
    },
    args: ["--workload", "DIR/fifo.json"],
    line: "Cannot read workload file DIR/fifo.json: not a regular file",
  },
  {
    what: "/dev/stdin",
    args: ["--workload", "/dev/stdin"],
    line:
      "Cannot read workload file /dev/stdin: not a regular file (for standard input, use --workload -)",
  },
  {
    what: "a file over 256 MiB",
    setup: (dir) => Deno.truncateSync(`${dir}/w.json`, 300 * 2 ** 20),
    args: ["--workload", "DIR/w.json"],
    line: `Cannot read workload file DIR/w.json: ${
      300 * 2 ** 20
    } bytes, above the limit of 268435456`,
  },
  {
    what: "a budget past 2^53, naming the flag and quoting what was typed",
    args: ["--workload", "DIR/w.json", "--budget", "99999999999999999999999"],
    line:
      'Expected --budget to be an integer >= 1 but found "99999999999999999999999", above 9007199254740991',
  },
  {
    what: "a flag given twice",
    args: ["--workload", "DIR/w.json", "--threshold", "4", "--threshold=8"],
    line: "Expected --threshold at most once but found it twice",
  },
  {
    what: "an unknown flag with escape codes, escaped",
    args: ["--workload", "DIR/w.json", "--bud\u001bget"],
    line:
      'Unknown argument "--bud\\u001bget". Usage: deno task sim --workload FILE|- [--budget N] [--threshold N] [--max-num-seqs N] [--num-kv-blocks N] [--block-size N] [--prefix-caching] [--reserve-full-prompt] [--policy NAME] [--kv-watermark X] [--trace FILE] [--no-outputs]',
  },
  {
    what: "a trace to standard output",
    args: ["--workload", "DIR/w.json", "--trace", "-"],
    line: 'Expected --trace to be a file path but found "-": standard output carries the report',
  },
];

function bigWorkload(n: number, fields: Record<string, number> = {}): string {
  const requests = Array.from({ length: n }, (_, i) => ({
    id: `r${i}`,
    arrival: i >> 1,
    promptLen: 64,
    maxTokens: 32,
    ...fields,
  }));
  return JSON.stringify(requests);
}

for (const refusal of refusals) {
  Deno.test(`sim refuses ${refusal.what} in one line, changing nothing`, async () => {
    const dir = folderWith(refusal.files ?? { "w.json": SMALL_WORKLOAD });
    refusal.setup?.(dir);
    const before = snapshot(dir);
    const args = refusal.args.map((arg) => arg.replaceAll("DIR", dir));
    const { code, stdout, stderr } = await sim(args, { prefix: refusal.prefix });
    assertEquals({ code, stdout, stderr }, {
      code: 2,
      stdout: "",
      stderr: `sim: ${refusal.line.replaceAll("DIR", dir)}\n`,
    });
    assertEquals(snapshot(dir), before);
    Deno.removeSync(dir, { recursive: true });
  });
}

Deno.test("sim stopped by Ctrl-C keeps the earlier trace and leaves no temporary file", async () => {
  const long = [{ id: "a", arrival: 0, prompt: [1], maxTokens: 2 ** 24 - 1 }];
  const dir = folderWith({ "w.json": JSON.stringify(long), "t.jsonl": "the earlier trace\n" });
  const before = snapshot(dir);
  const child = spawnSim(["--workload", `${dir}/w.json`, "--trace", `${dir}/t.jsonl`]);
  child.stdin.close();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  while (!Object.keys(snapshot(dir)).some((name) => name.endsWith(".tmp"))) await pause(10);
  await pause(300); // well into the run, the temporary trace growing
  child.kill("SIGINT");
  const stop = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const { code } = await child.output();
  clearTimeout(stop);
  assertEquals(code, 130);
  assertEquals(snapshot(dir), before);
  Deno.removeSync(dir, { recursive: true });
});
