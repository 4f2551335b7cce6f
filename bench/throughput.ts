/**
 * Throughput figures for `deno bench`: each benchmark times its own work
 * (setup excluded), and the figure is the median rate over the timed
 * iterations after Deno's warm-up, printed beside its target when the bench
 * process ends.
 *
 * @module
 */

/** What one iteration did, and how long the timed part took. */
export interface Sample {
  /** Units of work done (request-steps, requests, ...). */
  work: number;
  /** Milliseconds the timed part took. */
  ms: number;
}

/** Options of {@linkcode benchThroughput}. */
export interface ThroughputOptions {
  /** Timed iterations; the figure is their median. @default {25} */
  n?: number;
  /** Untimed warm-up iterations first. @default {10} */
  warmup?: number;
  /** Deno's bench group. */
  group?: string;
  /** The group's baseline. */
  baseline?: boolean;
}

/**
 * Registers a `deno bench` benchmark. `iterate(time)` sets up untimed, then
 * calls `time(work)` once around the work it measures; `work()` returns the
 * units done. Returns a function giving the median rate in units per
 * millisecond once the bench has run (NaN before).
 */
export function benchThroughput(
  name: string,
  iterate: (time: (work: () => number) => void) => void,
  options: ThroughputOptions = {},
): () => number {
  const { n = 25, warmup = 10, group, baseline } = options;
  const rates: number[] = [];
  Deno.bench({ name, n, warmup, group, baseline }, (b) => {
    iterate((work) => {
      b.start();
      const start = performance.now();
      const done = work();
      const ms = performance.now() - start;
      b.end();
      rates.push(done / ms);
    });
  });
  return () => median(rates.slice(-n));
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Prints `lines()` when the bench process ends, after Deno's table. */
export function printAtEnd(lines: () => string[]): void {
  globalThis.addEventListener("unload", () => {
    for (const line of lines()) console.log(line);
  });
}

/** `12.3 M` from a rate per millisecond. */
export function millionsPerSecond(perMs: number): string {
  return `${(perMs / 1e3).toFixed(1)} M`;
}
