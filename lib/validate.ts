/**
 * Refusals at the door, in Deno's style: the field, the rule, the value found.
 * Every check throws before anything is changed, so callers validate first and
 * mutate after.
 *
 * @module
 */

// Characters a terminal acts on or hides: controls, bidi and zero-width marks, the BOM, lone surrogates.
const UNSAFE =
  // deno-lint-ignore no-control-regex -- matching control characters is the point
  /^[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]$/;
const SHORT_ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Escapes `text` for a one-line message (every character a terminal would act
 * on or hide; with `quoted`, also `"` and `\`) and cuts it to about
 * `maxLength` characters.
 *
 * @example
 * ```ts
 * import { escapeText } from "stallfree/lib/validate.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeText('a "b"\n\u001b[31m'), 'a "b"\\n\\u001b[31m');
 * assertEquals(escapeText("x".repeat(100), 10), "xxxxxxx...");
 * ```
 */
export function escapeText(text: string, maxLength = 80, quoted = false): string {
  const pieces: string[] = [];
  let length = 0;
  for (const char of text) { // by code point: a surrogate pair is never cut in half
    const piece = (quoted && (char === '"' || char === "\\")) ? `\\${char}` : escapeChar(char);
    if (length + piece.length > maxLength) {
      while (length > maxLength - 3) length -= pieces.pop()!.length;
      return `${pieces.join("")}...`;
    }
    pieces.push(piece);
    length += piece.length;
  }
  return pieces.join("");
}

function escapeChar(char: string): string {
  if (!UNSAFE.test(char)) return char;
  return SHORT_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * Renders a found value for an error message: strings quoted and escaped (see
 * {@linkcode escapeText}), everything else as JavaScript would print it
 * (`NaN`, `undefined`, `5n`), arrays and objects by kind, typed arrays by name.
 *
 * @example
 * ```ts
 * import { describeValue } from "stallfree/lib/validate.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(describeValue("r0"), '"r0"');
 * assertEquals(describeValue(NaN), "NaN");
 * assertEquals(describeValue(5n), "5n");
 * assertEquals(describeValue(new Float64Array(2)), "a Float64Array");
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `"${escapeText(value, 80, true)}"`;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return "an array";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return String(value);
}

/**
 * Returns `value` if it is an integer in `[min, max]`, else throws a
 * `RangeError` (or a `TypeError` when it is not a number at all). The rule
 * reads `an integer >= min` when `max` is left at the largest safe integer.
 * `field` may be a function, called only to name the field in the error.
 *
 * @example
 * ```ts
 * import { requireInteger } from "stallfree/lib/validate.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(
 *   () => requireInteger("maxNumBatchedTokens", 0, 1),
 *   RangeError,
 *   "Expected maxNumBatchedTokens to be an integer >= 1 but found 0",
 * );
 * assertThrows(
 *   () => requireInteger("maxTokens", 1e9, 1, 2 ** 24),
 *   RangeError,
 *   "Expected maxTokens to be an integer in [1, 16777216] but found 1000000000",
 * );
 * ```
 */
export function requireInteger(
  field: string | (() => string),
  value: unknown,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  if (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) {
    return value as number;
  }
  const rule = max === Number.MAX_SAFE_INTEGER
    ? `an integer >= ${min}`
    : `an integer in [${min}, ${max}]`;
  const ErrorType = typeof value === "number" ? RangeError : TypeError;
  const name = typeof field === "string" ? field : field();
  throw new ErrorType(`Expected ${name} to be ${rule} but found ${describeValue(value)}`);
}

/**
 * Throws a `TypeError` naming `field` unless `value` is a plain object whose
 * keys are all in `allowed`: a misspelt option is refused, never ignored.
 *
 * @example
 * ```ts
 * import { requireKnownKeys } from "stallfree/lib/validate.ts";
 * import { assertThrows } from "@std/assert";
 * assertThrows(
 *   () => requireKnownKeys("config", { budget: 512 }, ["maxNumBatchedTokens"]),
 *   TypeError,
 *   'Expected config to have only the keys maxNumBatchedTokens but found "budget"',
 * );
 * ```
 */
export function requireKnownKeys(
  field: string | (() => string),
  value: unknown,
  allowed: readonly string[],
): Record<string, unknown> {
  const name = () => typeof field === "string" ? field : field();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected ${name()} to be an object but found ${describeValue(value)}`);
  }
  for (const key in value) {
    if (Object.hasOwn(value, key) && !allowed.includes(key)) {
      throw new TypeError(
        `Expected ${name()} to have only the keys ${allowed.join(", ")} but found ${
          describeValue(key)
        }`,
      );
    }
  }
  return value as Record<string, unknown>;
}

/**
 * Maps each item of `value` through `each`, in order, once `value` is known to
 * be a non-empty array (else a `RangeError` when empty, a `TypeError` when not
 * an array) and the item a plain object (else a `TypeError` naming
 * `field[i]`). Each item is checked just before it is mapped, so the first
 * fault in order is the one reported.
 *
 * @example
 * ```ts
 * import { requireRecords } from "stallfree/lib/validate.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * assertEquals(requireRecords("points", [{ x: 1 }, { x: 2 }], (point) => point.x), [1, 2]);
 * assertThrows(
 *   () => requireRecords("points", [{ x: 1 }, null], (point) => point),
 *   TypeError,
 *   "Expected points[1] to be an object but found null",
 * );
 * assertThrows(
 *   () => requireRecords("points", [], (point) => point),
 *   RangeError,
 *   "Expected points to be a non-empty array but found an empty array",
 * );
 * ```
 */
export function requireRecords<T, R>(
  field: string,
  value: readonly T[],
  each: (item: T, i: number) => R,
): R[] {
  if (!Array.isArray(value) || value.length === 0) {
    const found = Array.isArray(value) ? "an empty array" : describeValue(value);
    const ErrorType = Array.isArray(value) ? RangeError : TypeError;
    throw new ErrorType(`Expected ${field} to be a non-empty array but found ${found}`);
  }
  return value.map((item, i) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new TypeError(
        `Expected ${field}[${i}] to be an object but found ${describeValue(item)}`,
      );
    }
    return each(item, i);
  });
}
