/**
 * Option handling every chart shares: the options they have in common,
 * defaults filled in, unknown keys refused, each value checked against its
 * rule, one Deno-style line per fault.
 *
 * @module
 */
import { describeValue, requireKnownKeys } from "../validate.ts";

/** Options every chart takes; each chart's doc gives its defaults. */
export interface ChartOptions {
  /** The heading above the chart. */
  title?: string;
  /** Total width in pixels (720, the page, by default). */
  width?: number;
  /** Height in pixels, heading excluded. */
  height?: number;
}

/** Options of the charts with two quantitative axes. */
export interface XyChartOptions extends ChartOptions {
  /** The x axis title. */
  xLabel?: string;
  /** The y axis title. */
  yLabel?: string;
  /** Put x on a log scale. */
  logX?: boolean;
  /** Put y on a log scale. */
  logY?: boolean;
}

/** The rule an optional, default-less option follows when given. */
export type OptionalRule = "string" | "number" | "boolean" | "object";
type Value<R> = R extends "string" ? string : R extends "number" ? number
: R extends "boolean" ? boolean
: Record<string, unknown>;

/**
 * Fills `defaults` into `options` after checking each key: a defaulted option
 * must have its default's type (numbers are sizes: finite and `> 0`); an
 * `optional` one, when given, its rule's type (numbers finite).
 *
 * @example
 * ```ts
 * import { resolveOptions } from "stallfree/lib/charts/options.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const defaults = { title: "Chart", width: 720 };
 * assertEquals(resolveOptions({ width: 500 }, defaults), { title: "Chart", width: 500 });
 * assertThrows(() => resolveOptions({ width: 0 }, defaults), RangeError, "width to be a finite number > 0");
 * assertThrows(() => resolveOptions({ tilte: "x" }, defaults), TypeError, 'only the keys title, width but found "tilte"');
 * ```
 */
export function resolveOptions<
  D extends Record<string, string | number | boolean>,
  O extends Record<string, OptionalRule> = Record<never, OptionalRule>,
>(options: object, defaults: D, optional?: O): D & { [K in keyof O]?: Value<O[K]> } {
  const rules: Record<string, OptionalRule> = optional ?? {};
  requireKnownKeys("options", options, [...Object.keys(defaults), ...Object.keys(rules)]);
  const given = Object.entries(options).filter(([, value]) => value !== undefined);
  for (const [key, value] of given) {
    const rule = key in defaults ? typeof defaults[key] : rules[key];
    if (rule === "number") requireNumber(key, value, key in defaults);
    else if (typeof value !== rule || value === null || Array.isArray(value)) {
      const article = rule === "object" ? "an" : "a";
      throw new TypeError(
        `Expected ${key} to be ${article} ${rule} but found ${describeValue(value)}`,
      );
    }
  }
  return { ...defaults, ...Object.fromEntries(given) };
}

/**
 * Returns `value` if it is a finite number, and `> 0` when `isPositive` (as a
 * size or a log axis needs), else throws naming `field`.
 *
 * @example
 * ```ts
 * import { requireNumber } from "stallfree/lib/charts/options.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(requireNumber("slo", 0), 0);
 * assertThrows(
 *   () => requireNumber("points[1].y", 0, true),
 *   RangeError,
 *   "Expected points[1].y to be a finite number > 0 but found 0",
 * );
 * ```
 */
export function requireNumber(field: string, value: unknown, isPositive = false): number {
  const rule = isPositive ? "a finite number > 0" : "a finite number";
  const message = `Expected ${field} to be ${rule} but found ${describeValue(value)}`;
  if (typeof value !== "number") throw new TypeError(message);
  if (!Number.isFinite(value) || (isPositive && value <= 0)) throw new RangeError(message);
  return value;
}

/**
 * Returns `value` if it is a string, else throws a `TypeError` naming `field`.
 *
 * @example
 * ```ts
 * import { requireString } from "stallfree/lib/charts/options.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(() => requireString("points[0].label", 3), TypeError, "points[0].label to be a string");
 * ```
 */
export function requireString(field: string, value: unknown): string {
  if (typeof value === "string") return value;
  throw new TypeError(`Expected ${field} to be a string but found ${describeValue(value)}`);
}
