// The prefix cache's index under 32-bit collisions: keys with one hash and
// different tokens share a bucket, and each is found, refused and removed exactly.
import { BlockHashToBlockMap, type BlockKey } from "stallfree/lib/memory/mod.ts";
import { assertEquals, assertThrows } from "@std/assert";

const key = (tokens: number[]): BlockKey => ({ parent: null, tokens, hash: 42 });

Deno.test("BlockHashToBlockMap keeps colliding keys apart and removes each exactly", () => {
  const map = new BlockHashToBlockMap();
  const [a, b, c] = [key([1]), key([2]), key([3])];
  assertEquals([map.insert(a, 0), map.insert(b, 1), map.insert(c, 2)], [true, true, true]);
  assertEquals(map.insert(key([2]), 9), false); // an equal key stays out
  assertEquals([map.get(a)?.blockId, map.get(b)?.blockId, map.get(c)?.blockId], [0, 1, 2]);
  assertEquals(map.get(key([4])), undefined);
  map.remove(b, 1);
  assertEquals([map.size, map.get(b), map.get(c)?.blockId], [2, undefined, 2]);
  map.remove(a, 0);
  assertEquals([map.size, map.get(a), map.get(c)?.blockId], [1, undefined, 2]);
  assertThrows(() => map.remove(a, 0), RangeError, "Expected block 0 to be cached");
  map.remove(c, 2);
  assertEquals([map.size, map.entries()], [0, []]);
});
