// Runs `deno task sim` as a user would, and snapshots folders to prove nothing else changed.
const root = new URL("../", import.meta.url).pathname;
// The task's own command line, so the test runs what `deno task sim` runs, permissions and all.
const config = JSON.parse(Deno.readTextFileSync(`${root}deno.json`));
const [deno, ...taskArgs] = config.tasks.sim.split(" ");

/** What one run of the command gave. */
export interface SimRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Starts the `sim` task's command with `args` from the repository root, all of its I/O piped. */
export function spawnSim(args: string[], prefix?: string): Deno.ChildProcess {
  if (deno !== "deno") throw new Error(`Expected the sim task to start with deno: ${deno}`);
  const task = [Deno.execPath(), ...taskArgs, ...args];
  const io = { cwd: root, stdin: "piped", stdout: "piped", stderr: "piped" } as const;
  return prefix === undefined
    ? new Deno.Command(task[0], { args: task.slice(1), ...io }).spawn()
    : new Deno.Command("bash", { args: ["-c", `${prefix}; exec "$@"`, "bash", ...task], ...io })
      .spawn();
}

/**
 * Runs the `sim` task's command with `args`, with `stdin` piped in if given;
 * `prefix` is a shell line run first in the same process (bash then `exec`s
 * the command).
 */
export async function sim(
  args: string[],
  options: { stdin?: string; prefix?: string } = {},
): Promise<SimRun> {
  const child = spawnSim(args, options.prefix);
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(options.stdin ?? "")).catch(() => {});
  await writer.close().catch(() => {});
  const { code, stdout, stderr } = await child.output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: decode(stdout), stderr: decode(stderr) };
}

/** Every file in `dir` (not recursive) by name: its text, or size and time when over 1 MiB. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of Deno.readDirSync(dir)) {
    const path = `${dir}/${entry.name}`, info = Deno.lstatSync(path);
    files[entry.name] = !info.isFile
      ? `${info.isSymlink ? "link" : "folder"}`
      : info.size > 2 ** 20
      ? `${info.size} bytes, modified ${info.mtime?.getTime()}`
      : Deno.readTextFileSync(path);
  }
  return files;
}

/** A fresh folder holding `files`. */
export function folderWith(files: Record<string, string>): string {
  const dir = Deno.makeTempDirSync({ prefix: "sim-test-" });
  for (const [name, text] of Object.entries(files)) Deno.writeTextFileSync(`${dir}/${name}`, text);
  return dir;
}

/** A small valid workload file's text. */
export const SMALL_WORKLOAD = JSON.stringify([
  { id: "A", arrival: 0, prompt: [11, 12, 13], maxTokens: 4 },
  { id: "B", arrival: 1, promptLen: 40, maxTokens: 2 },
]);
