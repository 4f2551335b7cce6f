/**
 * Helpers the chart tests share: pick a mark's markup out of Plot's SVG, read
 * its text and ticks, count matches, and check a chart's Jupyter MIME bundle.
 * They read markup with regular expressions, so they suit the SVG that
 * `plotSvg` (Plot) and Vega write, not arbitrary XML.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { type Chart, JUPYTER_DISPLAY } from "../lib/charts/chart.ts";

/** The MIME type of an interactive chart's Vega-Lite v5 spec. */
const VEGA_LITE = "application/vnd.vegalite.v5+json";

/** One `<g>` found by {@linkcode svgGroups}. */
export interface SvgGroup {
  /** The opening tag's attributes, as written, without `<g ` and `>`. */
  attributes: string;
  /** What the group holds, up to its first `</g>`. */
  markup: string;
}

/**
 * Every `<g>` whose opening tag contains `attribute` (such as
 * `aria-label="dot"` or `class="title"`), in document order. A group's markup
 * ends at its first `</g>`, so use {@linkcode svgGroupElement} for groups that
 * nest others. Fails when there is none.
 *
 * @example
 * ```ts
 * import { svgGroups } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const svg = '<svg><g fill="red" class="label"><text>a</text></g><g class="label">b</g></svg>';
 * assertEquals(svgGroups(svg, 'class="label"'), [
 *   { attributes: 'fill="red" class="label"', markup: "<text>a</text>" },
 *   { attributes: 'class="label"', markup: "b" },
 * ]);
 * assertThrows(() => svgGroups(svg, 'class="rule"'), Error, 'Expected a <g> with class="rule"');
 * ```
 */
export function svgGroups(svg: string, attribute: string): SvgGroup[] {
  const found = [...svg.matchAll(new RegExp(`<g ([^>]*${attribute}[^>]*)>(.*?)</g>`, "gs"))];
  assert(found.length > 0, `Expected a <g> with ${attribute}`);
  return found.map((m) => ({ attributes: m[1], markup: m[2] }));
}

/**
 * The markup of Plot's group for one mark, found by its aria-label or class:
 * what the first such `<g>` holds, up to its first `</g>`. Fails when there is
 * none.
 *
 * @example
 * ```ts
 * import { svgGroup } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const svg = '<svg><g aria-label="dot" fill="none"><circle r="3"/></g></svg>';
 * assertEquals(svgGroup(svg, 'aria-label="dot"'), '<circle r="3"/>');
 * assertThrows(() => svgGroup(svg, 'aria-label="line"'), Error, "Expected a <g> with");
 * ```
 */
export function svgGroup(svg: string, attribute: string): string {
  return svgGroups(svg, attribute)[0].markup;
}

/**
 * The whole first `<g>` whose opening tag contains `attribute`, from `<g` to
 * its matching `</g>`, nested groups and all (as a faceted mark draws one
 * group per panel inside its own). Fails when there is none or it never closes.
 *
 * @example
 * ```ts
 * import { svgGroupElement } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const svg = '<svg><g aria-label="dot"><g>a</g><g>b</g></g><g>c</g></svg>';
 * assertEquals(svgGroupElement(svg, 'aria-label="dot"'), '<g aria-label="dot"><g>a</g><g>b</g></g>');
 * assertThrows(() => svgGroupElement("<g class='x'><g>", "class"), Error, "to close");
 * ```
 */
export function svgGroupElement(svg: string, attribute: string): string {
  const start = svg.search(new RegExp(`<g [^>]*${attribute}`));
  assert(start >= 0, `Expected a <g> with ${attribute}`);
  let depth = 0;
  for (const tag of svg.slice(start).matchAll(/<g[ >]|<\/g>/g)) {
    depth += tag[0] === "</g>" ? -1 : 1;
    if (depth === 0) return svg.slice(start, start + tag.index + 4);
  }
  throw new Error(`Expected the <g> with ${attribute} to close`);
}

/**
 * What each `<text>` in `markup` says, in document order, markup inside it
 * (such as `<tspan>`) included. Skips empty, self-closing `<text />`, as Plot
 * writes for an axis's unlabelled ticks.
 *
 * @example
 * ```ts
 * import { svgTexts } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals } from "@std/assert";
 * const markup = '<text x="1">load →</text><text y="2" /><line/><text>two\nlines</text>';
 * assertEquals(svgTexts(markup), ["load →", "two\nlines"]);
 * assertEquals(svgTexts("<line/>"), []);
 * ```
 */
export function svgTexts(markup: string): string[] {
  return [...markup.matchAll(/<text[^>]*(?<!\/)>(.*?)<\/text>/gs)].map((m) => m[1]);
}

/**
 * An axis's labelled ticks in document order, each with its pixel position
 * along the axis, read from Plot's `x-axis tick label` or `y-axis tick label`
 * group (all of it, where a faceted chart nests a group per panel). Wrap it in
 * a `Map` to look ticks up by label.
 *
 * @example
 * ```ts
 * import { svgTicks } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals } from "@std/assert";
 * const svg = '<g transform="translate(-9,0)" aria-label="y-axis tick label"><g>' +
 *   '<text transform="translate(40,200.5)" y="0.32em">10</text>' +
 *   '<text transform="translate(40,120)" y="0.32em" />' +
 *   '<text transform="translate(40,20)" y="0.32em">100</text></g></g>';
 * assertEquals(svgTicks(svg, "y"), [["10", 200.5], ["100", 20]]);
 * assertEquals(new Map(svgTicks(svg, "y")).get("100"), 20);
 * ```
 */
export function svgTicks(svg: string, axis: "x" | "y"): [string, number][] {
  const labels = svgGroupElement(svg, `aria-label="${axis}-axis tick label"`);
  return [...labels.matchAll(/translate\(([\d.]+),([\d.]+)\)"[^>]*>([^<]+)<\/text>/g)]
    .map((m) => [m[3], Number(axis === "x" ? m[1] : m[2])]);
}

/**
 * How many times the global `pattern` matches `text`: 0 when it never does.
 * Fails for a pattern without the `g` flag, which would count capture groups.
 *
 * @example
 * ```ts
 * import { countMatches } from "stallfree/testing/chart_assertions.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(countMatches('<circle r="1"/><circle r="2"/>', /<circle /g), 2);
 * assertEquals(countMatches("<rect/>", /<circle /g), 0);
 * assertThrows(() => countMatches("<rect/>", /<rect/), Error, "Expected a global pattern");
 * ```
 */
export function countMatches(text: string, pattern: RegExp): number {
  assert(pattern.global, `Expected a global pattern but found ${pattern}`);
  return text.match(pattern)?.length ?? 0;
}

/**
 * Asserts that a chart displays in Jupyter as the notebooks expect: its MIME
 * bundle holds the SVG as `text/html`, `Chart: <title>` as `text/plain`, and,
 * exactly when the chart is interactive, its Vega-Lite spec under the v5 MIME
 * type, naming the v5 schema. Returns the spec, if any, for further checks.
 *
 * @example
 * ```ts
 * import { assertDisplayBundle } from "stallfree/testing/chart_assertions.ts";
 * import { makeChart } from "stallfree/lib/charts/chart.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(assertDisplayBundle(makeChart({ title: "Dots", svg: "<svg></svg>" }), "Dots"), undefined);
 * const live = makeChart({ title: "Dots", svg: "<svg></svg>", vegaLite: { mark: "point" } });
 * assertEquals(assertDisplayBundle(live, "Dots")?.mark, "point");
 * assertThrows(() => assertDisplayBundle(live, "Other"));
 * ```
 */
export function assertDisplayBundle(
  chart: Chart,
  title: string,
): Record<string, unknown> | undefined {
  const bundle = chart[JUPYTER_DISPLAY]();
  const keys = ["text/html", "text/plain"];
  assertEquals(Object.keys(bundle).sort(), chart.vegaLite ? [VEGA_LITE, ...keys] : keys);
  assertEquals(bundle["text/html"], chart.svg);
  assertEquals(bundle["text/plain"], `Chart: ${title}`);
  assertEquals(chart.title, title);
  const spec = bundle[VEGA_LITE] as Record<string, unknown> | undefined;
  if (spec) assertEquals(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  return spec;
}
