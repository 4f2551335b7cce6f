import { arrivalTimesMs, createRandom, mean, sampleGamma } from "stallfree";
import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";

function cv(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(mean(values.map((v) => (v - m) ** 2))) / m;
}

const gaps = (times: readonly number[]) => times.map((t, i) => t - (i === 0 ? 0 : times[i - 1]));

Deno.test("sampleGamma() has mean and variance equal to its shape, below 1 and above", () => {
  for (const shape of [0.25, 0.5, 1, 2, 4, 10]) {
    const random = createRandom(11);
    const draws = Array.from({ length: 50000 }, () => sampleGamma(random, shape));
    const m = mean(draws), variance = mean(draws.map((x) => (x - m) ** 2));
    assert(Math.abs(m - shape) < 0.03 * shape, `shape ${shape}: mean ${m}`);
    assert(Math.abs(variance - shape) < 0.1 * shape, `shape ${shape}: variance ${variance}`);
    assert(draws.every((x) => x >= 0 && Number.isFinite(x)));
  }
  assertThrows(
    () => sampleGamma(createRandom(0), 0),
    RangeError,
    "Expected shape to be a finite number > 0 but found 0",
  );
});

Deno.test("arrivalTimesMs() keeps the target rate and the gaps' CV is 1 / sqrt(burstiness)", () => {
  const numRequests = 20000, qps = 8;
  for (const burstiness of [0.25, 0.5, 1, 2, 4]) {
    const times = arrivalTimesMs(createRandom(21), { numRequests, qps, burstiness });
    assertAlmostEquals(times.at(-1)!, (numRequests * 1000) / qps, 1e-6);
    assert(times[0] > 0 && times.every((t, i) => i === 0 || t >= times[i - 1]));
    const want = 1 / Math.sqrt(burstiness), got = cv(gaps(times));
    assert(Math.abs(got - want) < 0.1 * want, `burstiness ${burstiness}: CV ${got}, want ${want}`);
    // the rate holds throughout, not only end to end: each quarter of the span holds about a quarter
    const span = times.at(-1)!;
    for (let q = 0; q < 4; q++) {
      const inQuarter = times.filter((t) => t > (q * span) / 4 && t <= ((q + 1) * span) / 4).length;
      assert(
        Math.abs(inQuarter - numRequests / 4) < 0.1 * (numRequests / 4),
        `quarter ${q}: ${inQuarter}`,
      );
    }
  }
});

Deno.test("arrivalTimesMs() is evenly spaced at infinite burstiness, and rescales with qps", () => {
  assertEquals(arrivalTimesMs(createRandom(0), { numRequests: 3, qps: 4, burstiness: Infinity }), [
    250,
    500,
    750,
  ]);
  const at = (qps: number) =>
    arrivalTimesMs(createRandom(5), { numRequests: 50, qps, burstiness: 0.5 });
  const slow = at(1), fast = at(10);
  slow.forEach((t, i) => assertAlmostEquals(fast[i] * 10, t, 1e-9 * t));
});

Deno.test("arrivalTimesMs() refuses bad rates, counts and burstiness", () => {
  const cases: [number, number, number, string][] = [
    [0, 1, 1, "Expected numRequests to be an integer >= 1 but found 0"],
    [5, 0, 1, "Expected qps to be a finite number > 0 but found 0"],
    [5, Infinity, 1, "Expected qps to be a finite number > 0 but found Infinity"],
    [5, 1, -1, "Expected burstiness to be a number > 0 but found -1"],
    [5, 1, NaN, "Expected burstiness to be a number > 0 but found NaN"],
  ];
  for (const [numRequests, qps, burstiness, message] of cases) {
    assertThrows(
      () => arrivalTimesMs(createRandom(0), { numRequests, qps, burstiness }),
      RangeError,
      message,
    );
  }
});
