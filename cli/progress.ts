/**
 * The progress line a long run shows on a terminal: after two seconds, about
 * once a second, on stderr, overwritten in place and cleared at the end.
 *
 * @module
 */

/** How `Progress` tells time and where it writes; tests pass their own. */
export interface ProgressOptions {
  /** Milliseconds since some fixed moment. @default {performance.now} */
  now?: () => number;
  /** Where the line goes, or nowhere. @default {stderr, when it is a terminal} */
  write?: ((text: string) => void) | undefined;
}

const toStderr = (text: string) => Deno.stderr.writeSync(new TextEncoder().encode(text));

/**
 * Shows steps done, requests finished and the rate, once a run has taken two
 * seconds.
 *
 * @example
 * ```ts
 * import { Progress } from "stallfree/cli/progress.ts";
 * import { assertEquals } from "@std/assert";
 * let clock = 0;
 * const shown: string[] = [];
 * const progress = new Progress(8, { now: () => clock, write: (text) => shown.push(text) });
 * progress.update(100, 1, 1e6);
 * assertEquals(shown.length, 0); // nothing in the first two seconds
 * clock = 2500;
 * progress.update(5000, 3, 5e6);
 * progress.done();
 * assertEquals(shown[0], "\rsim: step 5000, 3 of 8 requests finished, 2.0 M request-steps/s\x1b[K");
 * assertEquals(shown[1], "\r\x1b[K");
 * ```
 */
export class Progress {
  #numRequests: number;
  #now: () => number;
  #write?: (text: string) => void;
  #start: number;
  #shownAt = -Infinity;

  /** Starts the clock for a run of `numRequests` requests. */
  constructor(numRequests: number, options: ProgressOptions = {}) {
    this.#numRequests = numRequests;
    this.#now = options.now ?? (() => performance.now());
    this.#write = "write" in options
      ? options.write
      : Deno.stderr.isTerminal()
      ? toStderr
      : undefined;
    this.#start = this.#now();
  }

  /** Shows the line if two seconds have passed, and one since it was last shown. */
  update(step: number, numFinished: number, requestSteps: number): void {
    const now = this.#now();
    if (!this.#write || now - this.#start < 2000 || now - this.#shownAt < 1000) return;
    this.#shownAt = now;
    const rate = (requestSteps / (now - this.#start) / 1e3).toFixed(1);
    this.#write(
      `\rsim: step ${step}, ${numFinished} of ${this.#numRequests} requests finished, ` +
        `${rate} M request-steps/s\x1b[K`,
    );
  }

  /** Clears the line, if it was shown. */
  done(): void {
    if (this.#shownAt > -Infinity) this.#write!("\r\x1b[K");
  }
}
