import { correlation, mean, percentile } from "stallfree";
import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";

Deno.test("percentile() uses nearest rank: always a sample, p100 the maximum", () => {
  const values = [15, 20, 35, 40, 50];
  assertEquals([5, 30, 40, 50, 100].map((p) => percentile(values, p)), [15, 20, 20, 35, 50]);
  assertEquals(percentile([7], 1), 7);
  assertEquals(values, [15, 20, 35, 40, 50]); // the input is not reordered
});

Deno.test("mean() and correlation() on hand-checked samples", () => {
  assertEquals(mean([1, 2, 3, 4]), 2.5);
  assertAlmostEquals(correlation([1, 2, 3, 4], [8, 6, 4, 2]), -1);
  assertAlmostEquals(correlation([1, 2, 3, 4], [1, 3, 2, 4]), 0.8);
  assertEquals(Number.isNaN(correlation([1, 2, 3], [5, 5, 5])), true);
});

Deno.test("stats refuse empty or non-finite samples, naming the field", () => {
  assertThrows(
    () => mean([]),
    RangeError,
    "Expected values to be a non-empty array of numbers but found an empty array",
  );
  assertThrows(
    () => percentile([1, NaN], 50),
    RangeError,
    "Expected values[1] to be a finite number but found NaN",
  );
  assertThrows(
    () => percentile([1], 0),
    RangeError,
    "Expected p to be a number in (0, 100] but found 0",
  );
  assertThrows(
    () => correlation([1, 2], [1]),
    RangeError,
    "Expected xs and ys to have the same length but found 2 and 1",
  );
});
