// KvCacheManager: how many blocks a scheduled request must hold, the refusal
// that changes nothing, freeing last block first, the full-prompt check, and
// the configuration's refusals at the door.
import {
  KvCacheManager,
  type KvRequest,
  requireFitsKvCache,
  resolveKvCacheConfig,
} from "stallfree/lib/memory/mod.ts";
import { assertEquals, assertThrows } from "@std/assert";

function request(id: string, numTokens: number, numComputedTokens = 0): KvRequest {
  return {
    id,
    tokens: Array.from({ length: numTokens }, (_, i) => i),
    numTokens,
    numComputedTokens,
  };
}

function manager(numKvBlocks: number, blockSize = 4): KvCacheManager {
  return new KvCacheManager({ numKvBlocks, blockSize, enablePrefixCaching: false });
}

Deno.test("KvCacheManager.allocateSlots() holds ceil((numComputedTokens + n) / blockSize) blocks", () => {
  const kv = manager(8);
  assertEquals(kv.allocateSlots(request("a", 10), 5), true); // chunk 1: positions 0..4
  assertEquals(kv.blockIds("a"), [0, 1]);
  assertEquals(kv.allocateSlots(request("a", 10, 5), 5), true); // chunk 2: positions 5..9
  assertEquals(kv.blockIds("a"), [0, 1, 2]);
  assertEquals(kv.allocateSlots(request("a", 11, 10), 1), true); // decode at position 10
  assertEquals(kv.blockIds("a"), [0, 1, 2]);
  assertEquals(kv.allocateSlots(request("a", 13, 12), 1), true); // position 12 opens block 4
  assertEquals([kv.blockIds("a"), kv.numUsedBlocks], [[0, 1, 2, 3], 4]);
});

Deno.test("KvCacheManager.allocateSlots() refuses what the pool cannot supply and changes nothing", () => {
  const kv = manager(3);
  kv.allocateSlots(request("a", 8), 8); // blocks 0, 1
  assertEquals(kv.numBlocksToAllocate(request("b", 8), 8), 2);
  assertEquals(kv.canAllocate(request("b", 8), 8), false);
  assertEquals(kv.allocateSlots(request("b", 8), 8), false);
  assertEquals([kv.blockIds("b"), kv.blockPool.freeBlockIds(), kv.numUsedBlocks], [[], [2], 2]);
  assertEquals(kv.allocateSlots(request("b", 8), 4), true); // a 4-token first chunk fits
  assertEquals(kv.blockIds("b"), [2]);
});

Deno.test("KvCacheManager.canAllocate() checks a whole remaining prompt without allocating", () => {
  const kv = manager(4);
  const head = request("a", 20); // 5 blocks: the whole prompt never fits, its first chunk does
  assertEquals(kv.canAllocate(head, 4), true);
  assertEquals(kv.canAllocate(head, head.numTokens), false);
  assertEquals([kv.numUsedBlocks, kv.blockIds("a")], [0, []]);
});

Deno.test("KvCacheManager.free() frees last block first, and requests in the order freed", () => {
  const kv = manager(6);
  kv.allocateSlots(request("a", 12), 12); // 0, 1, 2
  kv.allocateSlots(request("b", 8), 8); // 3, 4
  kv.free("b");
  kv.free("a");
  assertEquals(kv.blockPool.freeBlockIds(), [5, 4, 3, 2, 1, 0]);
  assertEquals([kv.numUsedBlocks, kv.blockIds("a")], [0, []]);
  kv.free("a"); // a request that holds nothing frees nothing
  assertEquals(kv.blockPool.numFreeBlocks, 6);
});

Deno.test("KvCacheManager recomputes from position 0 after being freed: new blocks from the front", () => {
  const kv = manager(4);
  kv.allocateSlots(request("a", 6), 6); // 0, 1
  kv.allocateSlots(request("b", 4), 4); // 2
  kv.free("a"); // preempted: queue [3, 1, 0]
  assertEquals(kv.allocateSlots(request("a", 7), 4), true); // readmitted, first chunk of 4
  assertEquals(kv.blockIds("a"), [3]);
});

Deno.test("resolveKvCacheConfig() refuses bad knobs with the field, the rule and the value", () => {
  const cases: [Record<string, unknown>, ErrorConstructor, string][] = [
    [
      { numKvBlocks: 0 },
      RangeError,
      "Expected numKvBlocks to be an integer in [1, 16777216] but found 0",
    ],
    [
      { numKvBlocks: 2.5 },
      RangeError,
      "Expected numKvBlocks to be an integer in [1, 16777216] but found 2.5",
    ],
    [
      { numKvBlocks: NaN },
      RangeError,
      "Expected numKvBlocks to be an integer in [1, 16777216] but found NaN",
    ],
    [
      { numKvBlocks: "8" },
      TypeError,
      'Expected numKvBlocks to be an integer in [1, 16777216] but found "8"',
    ],
    [
      { blockSize: 0 },
      RangeError,
      "Expected blockSize to be an integer in [1, 16777216] but found 0",
    ],
    [
      { numKvBlocks: 4, enablePrefixCaching: 1 },
      TypeError,
      "Expected enablePrefixCaching to be a boolean but found 1",
    ],
    [
      { enablePrefixCaching: true },
      RangeError,
      "Expected numKvBlocks to be set when enablePrefixCaching is true but found undefined",
    ],
  ];
  for (const [options, ErrorType, message] of cases) {
    assertThrows(() => resolveKvCacheConfig(options), ErrorType, message);
  }
  assertEquals(resolveKvCacheConfig({ numKvBlocks: 4, blockSize: 2, enablePrefixCaching: true }), {
    numKvBlocks: 4,
    blockSize: 2,
    enablePrefixCaching: true,
  });
});

Deno.test("requireFitsKvCache() refuses a request whose last computed position cannot fit", () => {
  const config = { numKvBlocks: 4, blockSize: 16, enablePrefixCaching: false };
  requireFitsKvCache({ id: "a", promptLen: 60, maxTokens: 5 }, config); // 64 positions: 4 blocks
  requireFitsKvCache({ id: "b", promptLen: 1, maxTokens: 64 }, config);
  assertThrows(
    () => requireFitsKvCache({ id: "c", promptLen: 60, maxTokens: 6 }, config),
    RangeError,
    'Expected request "c" to need at most numKvBlocks (4) blocks, ceil((promptLen + maxTokens - 1) / blockSize), but found 5',
  );
});
