/**
 * Throughput figures for `deno bench`: each benchmark times its own work
 * (setup excluded), and a figure is the median rate over the timed
 * iterations after warm-up, printed beside its target when the bench process
 * ends. Each figure comes twice: by the wall clock (the target's measure), and
 * by the process's CPU time (garbage-collector threads included), which other
 * processes on a shared machine disturb far less.
 *
 * @module
 */
import process from "node:process";

/** Median rates of one benchmark, in units of work per millisecond (NaN before it ran). */
export interface Rates {
  /** Work per millisecond of wall-clock time. */
  wall: number;
  /** Work per millisecond of CPU time (all the process's threads). */
  cpu: number;
}

/** Options of {@linkcode benchThroughput}. */
export interface ThroughputOptions {
  /** Timed iterations; the figure is their median. @default {25} */
  n?: number;
  /** Warm-up iterations first, left out of the figure. @default {10} */
  warmup?: number;
  /** Deno's bench group. */
  group?: string;
  /** The group's baseline. */
  baseline?: boolean;
}

/**
 * Registers a `deno bench` benchmark. `iterate(time)` sets up untimed, then
 * calls `time(work)` once around the work it measures; `work()` returns the
 * units done. Returns a function giving the median rates once the bench ran.
 */
export function benchThroughput(
  name: string,
  iterate: (time: (work: () => number) => void) => void,
  options: ThroughputOptions = {},
): () => Rates {
  const { n = 25, warmup = 10, group, baseline } = options;
  const wall: number[] = [], cpu: number[] = [];
  Deno.bench({ name, n, warmup, group, baseline }, (b) => {
    iterate((work) => {
      b.start();
      const start = performance.now(), cpuStart = process.cpuUsage();
      const done = work();
      const used = process.cpuUsage(cpuStart);
      wall.push(done / (performance.now() - start));
      b.end();
      cpu.push(done / ((used.user + used.system) / 1e3));
    });
  });
  return () => ({ wall: median(wall.slice(-n)), cpu: median(cpu.slice(-n)) });
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
