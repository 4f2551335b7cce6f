/**
 * Starts Debian's classic Jupyter Notebook server for a browser test: bound to
 * 127.0.0.1 on a free port, with a random token, no browser, and every Jupyter
 * folder it writes to (config, data, runtime) inside a temporary folder, so
 * the user's Jupyter setup is neither read nor touched. Does not install
 * Jupyter or a kernelspec; pass the kernelspec's folder in `jupyterPath`.
 *
 * @module
 */
import { join } from "node:path";

/** How long the server may take to answer, in milliseconds. */
export const SERVER_START_TIMEOUT_MS = 30_000;

const STOP_GRACE_MS = 10_000;

/** What {@linkcode notebookServerArgs} needs. */
export interface ServerArgsOptions {
  /** The port to listen on. */
  port: number;
  /** The token a client must present. */
  token: string;
  /** The folder the server serves. */
  notebookDir: string;
  /** Whether this process runs as root, which Notebook refuses without `--allow-root`. */
  isRoot: boolean;
}

/**
 * The `jupyter` command line for a loopback-only Notebook server.
 *
 * @example
 * ```ts
 * import { notebookServerArgs } from "stallfree/tools/book/notebook_server.ts";
 * import { assertEquals } from "@std/assert";
 * const args = notebookServerArgs({ port: 8899, token: "abc", notebookDir: "/tmp/nb", isRoot: true });
 * assertEquals(args, [
 *   "notebook",
 *   "--no-browser",
 *   "--ip=127.0.0.1",
 *   "--port=8899",
 *   "--NotebookApp.port_retries=0",
 *   "--NotebookApp.token=abc",
 *   "--notebook-dir=/tmp/nb",
 *   "--allow-root",
 * ]);
 * ```
 */
export function notebookServerArgs(options: ServerArgsOptions): string[] {
  const { port, token, notebookDir, isRoot } = options;
  return [
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--NotebookApp.port_retries=0",
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${notebookDir}`,
    ...(isRoot ? ["--allow-root"] : []),
  ];
}

/** A running server. */
export interface NotebookServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  origin: string;
  /** The URL that opens `path` (relative to the notebook folder) in the notebook editor. */
  notebookUrl(path: string): string;
  /** The server's output so far, for error messages. */
  log(): string;
  /** Stops the server, which shuts its kernels down; kills it if it lingers. Safe to call twice. */
  stop(): Promise<void>;
}

/** A port nothing listens on right now. */
function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Collects a stream's text into `chunks` until it ends. */
async function collect(stream: ReadableStream<Uint8Array>, chunks: string[]) {
  const decoder = new TextDecoder();
  for await (const bytes of stream) chunks.push(decoder.decode(bytes, { stream: true }));
}

/**
 * Starts `jupyter notebook` on `notebookDir`, with Jupyter's folders under
 * `tmp` and `jupyterPath` searched first for kernelspecs, and waits until it
 * answers.
 */
export async function startNotebookServer(
  notebookDir: string,
  options: { tmp: string; jupyterPath: string },
): Promise<NotebookServer> {
  const { tmp, jupyterPath } = options;
  const port = freePort();
  const token = randomToken();
  const origin = `http://127.0.0.1:${port}`;
  const env = {
    JUPYTER_PATH: [jupyterPath, Deno.env.get("JUPYTER_PATH")].filter(Boolean).join(":"),
    JUPYTER_CONFIG_DIR: join(tmp, "config"),
    JUPYTER_DATA_DIR: join(tmp, "data"),
    JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
    NO_COLOR: "1",
  };
  const args = notebookServerArgs({ port, token, notebookDir, isRoot: Deno.uid() === 0 });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("jupyter", { args, env, stdout: "piped", stderr: "piped" }).spawn();
  } catch (error) {
    throw new Error(
      `Expected the jupyter command (apt-get install -y jupyter-notebook) but it failed to start: ${
        (error as Error).message
      }`,
    );
  }
  const chunks: string[] = [];
  const output = Promise.all([collect(child.stdout, chunks), collect(child.stderr, chunks)]);
  let hasExited = false;
  const status = child.status.finally(() => (hasExited = true));
  const server: NotebookServer = {
    origin,
    notebookUrl: (path) => `${origin}/notebooks/${encodeURI(path)}?token=${token}`,
    log: () => chunks.join(""),
    stop: async () => {
      if (hasExited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => !hasExited && child.kill("SIGKILL"), STOP_GRACE_MS);
      await status;
      clearTimeout(timer);
      await output;
    },
  };
  try {
    await waitUntilAnswering(`${origin}/api/status?token=${token}`, () => hasExited);
  } catch (error) {
    await server.stop();
    const tail = server.log().trim().split("\n").slice(-5).join(" | ");
    throw new Error(`${(error as Error).message}; its log ends: ${tail}`);
  }
  return server;
}

/** Polls `url` until it answers 200, the server exits, or the start timeout passes. */
async function waitUntilAnswering(url: string, hasExited: () => boolean): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error("Expected Jupyter Notebook to keep running but it exited");
    const isUp = await fetch(url).then(async (response) => {
      await response.body?.cancel();
      return response.ok;
    }, () => false);
    if (isUp) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(
    `Expected Jupyter Notebook to answer within ${SERVER_START_TIMEOUT_MS / 1000} s but it did not`,
  );
}
