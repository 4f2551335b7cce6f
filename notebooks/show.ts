/**
 * How a chapter's cells show their results. The Deno kernel (2.9) labels each
 * output with the request it is serving when it sends the output, not when the
 * cell made it; under Run All, classic Notebook sends every cell at once, so a
 * result still queued when the next cell starts lands under that next cell.
 * A cell that displays its result explicitly and then yields briefly keeps
 * every output under its own cell (`deno task book:smoke` checks it over six
 * Run Alls).
 *
 * @module
 */

/** Long enough for the kernel to send what a cell queued, short enough not to notice. */
const SETTLE_MS = 50;

/**
 * Waits for the kernel to send the outputs a cell has queued (prints,
 * tables). The last line of a cell that prints.
 *
 * @example
 * ```ts
 * import { settle } from "stallfree/notebooks/show.ts";
 * console.log("a line the kernel sends before the cell ends");
 * await settle();
 * ```
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
}

/**
 * Displays `value` as the cell's output (a chart, a table, a value), then
 * {@linkcode settle}s. The last line of a cell that shows a result. Outside a
 * Jupyter kernel it prints `value` instead.
 *
 * @example
 * ```ts
 * import { show } from "stallfree/notebooks/show.ts";
 * await show({ steps: 3 });
 * ```
 */
export async function show(value: unknown): Promise<void> {
  const jupyter = kernelDisplay();
  if (jupyter) await jupyter(value);
  else console.log(value);
  await settle();
}

/** `Deno.jupyter.display` inside a kernel; `undefined` elsewhere, where touching it throws. */
function kernelDisplay(): ((value: unknown) => Promise<void>) | undefined {
  try {
    const jupyter = Reflect.get(Deno, "jupyter") as { display(value: unknown): Promise<void> };
    return (value) => jupyter.display(value);
  } catch {
    return undefined;
  }
}
