/**
 * The display object every chart returns. A static chart is one SVG, sent as
 * `text/html` (classic Notebook, nbconvert and the book show it; Debian's
 * nbconvert 6.5 blanks `image/svg+xml`). An interactive chart adds its
 * Vega-Lite v5 spec, which JupyterLab, VS Code and the book draw live, the SVG
 * staying as the fallback.
 *
 * Does not reference `Deno.jupyter`, which throws outside the Jupyter kernel:
 * the kernel finds the `Symbol.for("Jupyter.display")` method by itself, and
 * `deno test` ignores it.
 *
 * @module
 */
import { requireString } from "./options.ts";

/** A Vega-Lite v5 spec; {@linkcode makeChart} sets `$schema`. */
export type VegaLiteSpec = { $schema: string } & Record<string, unknown>;

/**
 * The key under which Deno's Jupyter kernel looks for a MIME bundle.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "stallfree/lib/charts/chart.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** A chart as the notebooks show it. */
export interface Chart {
  /** One line naming the chart, used for `text/plain`. */
  title: string;
  /** The static rendering: a standalone `<svg>`, or a `<div>` of them. */
  svg: string;
  /** The interactive rendering, with `$schema` set to Vega-Lite v5; absent when static. */
  vegaLite?: VegaLiteSpec;
  /** The MIME bundle: the SVG as `text/html`, a line of text, and any Vega-Lite. */
  [JUPYTER_DISPLAY](): Record<string, unknown>;
}

const VEGA_LITE_V5 = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * Wraps a chart's renderings in the object the Jupyter kernel displays.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY, makeChart } from "stallfree/lib/charts/chart.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(makeChart({ title: "Dots", svg: "<svg></svg>" })[JUPYTER_DISPLAY](), {
 *   "text/html": "<svg></svg>",
 *   "text/plain": "Chart: Dots",
 * });
 * const live = makeChart({ title: "Dots", svg: "<svg></svg>", vegaLite: { mark: "point" } });
 * assertEquals(live[JUPYTER_DISPLAY]()["application/vnd.vegalite.v5+json"], {
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   mark: "point",
 * });
 * ```
 */
export function makeChart(
  parts: { title: string; svg: string; vegaLite?: Record<string, unknown> },
): Chart {
  const { title, svg, vegaLite } = parts;
  requireString("title", title);
  if (typeof svg !== "string" || !/^<(svg|div)\b/.test(svg)) {
    const found = typeof svg === "string" ? JSON.stringify(svg.slice(0, 20)) : typeof svg;
    throw new TypeError(`Expected svg to start with <svg or <div but found ${found}`);
  }
  // $schema first in the JSON, and never a caller's other version.
  const spec: VegaLiteSpec | undefined = vegaLite &&
    Object.assign({ $schema: "" }, vegaLite, { $schema: VEGA_LITE_V5 });
  const live = spec ? { "application/vnd.vegalite.v5+json": spec } : {};
  return {
    title,
    svg,
    ...(spec && { vegaLite: spec }),
    [JUPYTER_DISPLAY]: () => ({ ...live, "text/html": svg, "text/plain": `Chart: ${title}` }),
  };
}
