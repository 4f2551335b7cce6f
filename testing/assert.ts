/**
 * The subset of `@std/assert` this course uses, written over
 * `node:assert/strict` because JSR is unreachable on the course machines.
 * `deno.json` maps `@std/assert` here; where JSR is reachable, point that one
 * line at `jsr:@std/assert@1` instead and nothing else changes.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals([1, 2].length, 2);
 * ```
 *
 * @module
 */
import nodeAssert from "node:assert/strict";

/** An assertion failed. Same name as std's, so `assertThrows(fn, AssertionError)` reads the same. */
export class AssertionError extends Error {
  /**
   * Builds the error from its message.
   *
   * @param message What was expected and what was found.
   */
  constructor(message: string) {
    super(message);
    this.name = "AssertionError";
  }
}

function rethrow(fn: () => void, msg?: string): void {
  try {
    fn();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AssertionError(msg ? `${msg}: ${detail}` : detail);
  }
}

/**
 * Asserts that `expr` is truthy.
 *
 * @example
 * ```ts
 * import { assert } from "@std/assert";
 * assert(1 < 2);
 * ```
 */
export function assert(expr: unknown, msg = ""): asserts expr {
  if (!expr) throw new AssertionError(msg || "Expected expression to be truthy");
}

/**
 * Asserts deep equality, as std's `assertEquals` does for plain data.
 *
 * @example
 * ```ts
 * import { assertEquals } from "@std/assert";
 * assertEquals({ a: [1, 2] }, { a: [1, 2] });
 * ```
 */
export function assertEquals<T>(actual: unknown, expected: T, msg?: string): asserts actual is T {
  rethrow(() => nodeAssert.deepStrictEqual(actual, expected), msg);
}

/**
 * Asserts deep inequality.
 *
 * @example
 * ```ts
 * import { assertNotEquals } from "@std/assert";
 * assertNotEquals([1], [2]);
 * ```
 */
export function assertNotEquals(actual: unknown, expected: unknown, msg?: string): void {
  rethrow(() => nodeAssert.notDeepStrictEqual(actual, expected), msg);
}

/**
 * Asserts `actual <= expected`.
 *
 * @example
 * ```ts
 * import { assertLessOrEqual } from "@std/assert";
 * assertLessOrEqual(33, 33);
 * ```
 */
export function assertLessOrEqual(actual: number, expected: number, msg?: string): void {
  assert(actual <= expected, msg ?? `Expected ${actual} to be <= ${expected}`);
}

/**
 * Asserts `actual >= expected`.
 *
 * @example
 * ```ts
 * import { assertGreaterOrEqual } from "@std/assert";
 * assertGreaterOrEqual(257, 257);
 * ```
 */
export function assertGreaterOrEqual(actual: number, expected: number, msg?: string): void {
  assert(actual >= expected, msg ?? `Expected ${actual} to be >= ${expected}`);
}

/**
 * Asserts that `|actual - expected| <= tolerance` (default `1e-7`).
 *
 * @example
 * ```ts
 * import { assertAlmostEquals } from "@std/assert";
 * assertAlmostEquals(0.1 + 0.2, 0.3);
 * ```
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance = 1e-7,
  msg?: string,
): void {
  assert(
    Math.abs(actual - expected) <= tolerance,
    msg ?? `Expected ${actual} to be within ${tolerance} of ${expected}`,
  );
}

/**
 * Asserts that `actual` matches `pattern`.
 *
 * @example
 * ```ts
 * import { assertMatch } from "@std/assert";
 * assertMatch("<svg width=1>", /^<svg/);
 * ```
 */
export function assertMatch(actual: string, pattern: RegExp, msg?: string): void {
  assert(pattern.test(actual), msg ?? `Expected "${actual}" to match ${pattern}`);
}

/** A class whose instances are errors, as `assertThrows` takes it. */
// deno-lint-ignore no-explicit-any
export type ErrorClass<E extends Error> = new (...args: any[]) => E;

/**
 * Asserts that `fn` throws an instance of `ErrorClass` whose message contains
 * `msgIncludes`, and returns the error.
 *
 * @example
 * ```ts
 * import { assertThrows } from "@std/assert";
 * assertThrows(() => { throw new RangeError("Expected x to be >= 1 but found 0"); }, RangeError, "found 0");
 * ```
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
): E {
  try {
    fn();
  } catch (error) {
    return checkError(error, ErrorClass, msgIncludes);
  }
  throw new AssertionError("Expected function to throw");
}

/**
 * Async twin of {@linkcode assertThrows}.
 *
 * @example
 * ```ts
 * import { assertRejects } from "@std/assert";
 * await assertRejects(() => Promise.reject(new TypeError("bad")), TypeError, "bad");
 * ```
 */
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    return checkError(error, ErrorClass, msgIncludes);
  }
  throw new AssertionError("Expected function to reject");
}

function checkError<E extends Error>(
  error: unknown,
  ErrorClass?: ErrorClass<E>,
  msgIncludes?: string,
): E {
  if (ErrorClass && !(error instanceof ErrorClass)) {
    const found = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new AssertionError(
      `Expected error to be instance of "${ErrorClass.name}" but found ${found}`,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (msgIncludes !== undefined && !message.includes(msgIncludes)) {
    throw new AssertionError(
      `Expected error message to include "${msgIncludes}" but found "${message}"`,
    );
  }
  return error as E;
}
