/**
 * The static rendering of an interactive chart, drawn by Vega itself from the
 * chart's own Vega-Lite spec, headless, with no DOM: what the live view shows
 * before anyone touches a control.
 *
 * Does not load data from URLs or images: specs here carry their data inline,
 * which is what lets the rendering stay synchronous.
 *
 * @module
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** The private sizes Vega's own headless renderer reads; vega-view 5 keeps them on the view. */
type SizedView = vega.View & { _viewWidth: number; _viewHeight: number; _origin: number[] };
/** Vega's SVG string renderer, which its typings leave out. */
interface SvgRenderer {
  initialize(el: null, width: number, height: number, origin: number[]): SvgRenderer;
  background(color: unknown): SvgRenderer;
  render(scene: unknown): SvgRenderer;
  svg(): string;
}
const { SVGStringRenderer } = vega as unknown as {
  SVGStringRenderer: new (loader: unknown) => SvgRenderer;
};

/**
 * Renders `spec` to a standalone SVG once per entry of `params` (each sets
 * the spec's named params before drawing), or once as specified.
 *
 * @example
 * ```ts
 * import { vegaSvgs } from "stallfree/lib/charts/vega.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 * const spec = {
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
 *   params: [{ name: "size", value: 20 }],
 *   mark: { type: "point", size: { expr: "size" } },
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * } as const;
 * const [small, large] = vegaSvgs(spec, [{ size: 20 }, { size: 80 }]);
 * assertMatch(small, /^<svg [^>]*class="marks"/);
 * assertEquals(small.match(/role-mark/g)?.length, large.match(/role-mark/g)?.length);
 * assertEquals(small === large, false);
 * ```
 */
export function vegaSvgs(
  spec: Record<string, unknown>,
  params: readonly Record<string, unknown>[] = [{}],
): string[] {
  // A copy: Vega tags the rows it ingests, and the chart keeps its spec clean.
  const view = new vega.View(
    vega.parse(compile(structuredClone(spec) as unknown as TopLevelSpec).spec),
    {
      renderer: "none",
    },
  ) as SizedView;
  return params.map((values) => {
    for (const [name, value] of Object.entries(values)) view.signal(name, value);
    view.run();
    const padding = view.padding() as { top: number; bottom: number; left: number; right: number };
    // As vega-view's own renderHeadless sizes it, but synchronous: no images to wait for.
    return new SVGStringRenderer(view.loader()).initialize(
      null,
      view._viewWidth + padding.left + padding.right,
      view._viewHeight + padding.top + padding.bottom,
      [padding.left + view._origin[0], padding.top + view._origin[1]],
    ).background(view.background()).render((view.scenegraph() as { root?: unknown }).root).svg();
  });
}
