import { capacity, type CapacityOptions, NoCapacityError, type ProbeOutcome } from "stallfree";
import { assert, assertEquals, assertThrows } from "@std/assert";
import fc from "fast-check";

const threshold = (limit: number) => (qps: number) => ({
  isSloMet: qps <= limit,
  metrics: { qps },
});

Deno.test("capacity() brackets a known threshold to the stated precision, in few probes", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 1 / 64, max: 1000, noNaN: true }),
      fc.constantFrom(0.005, 0.02, 0.1),
      (limit, precision) => {
        const result = capacity(threshold(limit), { precision });
        assert(result.capacityQps <= limit && limit < result.failQps!);
        assert(result.failQps! - result.capacityQps <= precision * result.capacityQps);
        assertEquals(result.metrics, { qps: result.capacityQps });
        assert(
          result.probes.length <= 12 + Math.ceil(Math.log2(1 / precision)),
          `${result.probes.length}`,
        );
      },
    ),
  );
  // a worked case: up 1, 2, 4, 8 then six halvings of [4, 8] to within 2 % of 5
  const result = capacity(threshold(5));
  assertEquals(result.probes.length, 10);
  assertEquals(result.probes.map((p) => p.qps), [1, 2, 4, 8, 6, 5, 5.5, 5.25, 5.125, 5.0625]);
  assertEquals([result.capacityQps, result.failQps], [5, 5.0625]);
});

Deno.test("capacity() is reproducible: the same probe gives the same probes and answer", () => {
  const probe = (qps: number) => ({ isSloMet: qps < 13.7, metrics: { p99TbtMs: 20 * qps } });
  assertEquals(capacity(probe, { startQps: 3 }), capacity(probe, { startQps: 3 }));
});

Deno.test("capacity() halves down from startQps when it fails there, and stops at maxQps", () => {
  const down = capacity(threshold(0.3), { startQps: 4, precision: 0.1 });
  assertEquals(down.probes.map((p) => p.qps).slice(0, 5), [4, 2, 1, 0.5, 0.25]);
  assert(down.capacityQps <= 0.3 && 0.3 < down.failQps!);
  const capped = capacity(threshold(Infinity), { maxQps: 100 });
  assertEquals(capped.probes.map((p) => p.qps), [1, 2, 4, 8, 16, 32, 64, 100]);
  assertEquals([capped.capacityQps, capped.failQps], [100, null]);
});

Deno.test("capacity() throws NoCapacityError when even minQps fails, with every probe", () => {
  const error = assertThrows(
    () => capacity(threshold(0.01), { minQps: 0.1 }),
    NoCapacityError,
    "Expected the SLO to hold at some rate >= 0.1 QPS (minQps) but it failed at every rate probed, 1 down to 0.1",
  );
  assert(error instanceof RangeError);
  assertEquals(error.probes.map((p) => [p.qps, p.isSloMet]), [
    [1, false],
    [0.5, false],
    [0.25, false],
    [0.125, false],
    [0.1, false],
  ]);
});

Deno.test("capacity() on a non-monotone probe returns a boundary, not the highest one", () => {
  // met up to 1 QPS and again from 3 to 10: doubling fails at 2 and never looks above it
  const gap = (qps: number) => ({ isSloMet: qps <= 1 || (qps >= 3 && qps <= 10), metrics: null });
  const result = capacity(gap, { precision: 0.02 });
  assert(result.capacityQps >= 1 && result.capacityQps <= 1.02 && result.failQps! > 1);
  assert(result.probes.every((p) => p.qps <= 2));
  // met up to 3 and from 5 to 6: the bracket [2, 4] hides the second band
  const band = (qps: number) => ({ isSloMet: qps <= 3 || (qps >= 5 && qps <= 6), metrics: null });
  const banded = capacity(band);
  assert(banded.capacityQps <= 3 && banded.failQps! > 3 && banded.failQps! <= 3.06);
});

Deno.test("capacity() refuses bad options and a probe that does not say whether the SLO holds", () => {
  const cases: [CapacityOptions, string][] = [
    [{ minQps: 0 }, "Expected minQps to be a finite number > 0 but found 0"],
    [{ maxQps: 0.001 }, "Expected maxQps to be a finite number >= 0.015625 but found 0.001"],
    [
      { startQps: 2000 },
      "Expected startQps to be a finite number in [0.015625, 1024] but found 2000",
    ],
    [{ precision: 0 }, "Expected precision to be a number in (0, 1] but found 0"],
  ];
  for (const [options, message] of cases) {
    assertThrows(() => capacity(threshold(1), options), RangeError, message);
  }
  assertThrows(
    () => capacity(threshold(1), { precison: 0.1 } as CapacityOptions),
    TypeError,
    'Expected options to have only the keys startQps, minQps, maxQps, precision but found "precison"',
  );
  assertThrows(
    () => capacity(() => true as unknown as ProbeOutcome<null>),
    TypeError,
    "Expected probe(1) to return { isSloMet: boolean, metrics } but found true",
  );
});
