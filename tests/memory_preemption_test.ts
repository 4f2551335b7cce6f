// The calls a step makes under memory pressure, in ENGINE.md's order: the
// running pass preempts the last running request not yet scheduled until the
// asking one fits; a preempted request recomputes from position 0, and with
// prefix caching its own freed blocks are hits unless they were taken first.
import { KvCacheManager, type KvRequest } from "stallfree/lib/memory/mod.ts";
import { assert, assertEquals } from "@std/assert";

function request(id: string, tokens: number[], numComputedTokens: number): KvRequest {
  return { id, tokens, numTokens: tokens.length, numComputedTokens };
}

const A = [1, 2, 3, 4, 5, 6, 7, 8, 9]; // 8-token prompt + 1 output: decoding position 8
const B = [20, 21, 22, 23, 24, 25]; // 6-token prompt, first chunk of 4 done

function pressedPool(enablePrefixCaching: boolean): KvCacheManager {
  const kv = new KvCacheManager({ numKvBlocks: 3, blockSize: 4, enablePrefixCaching });
  kv.allocateSlots(request("A", A.slice(0, 8), 0), 8); // step 0: A prefills, blocks 0, 1
  kv.cacheBlocks(request("A", A.slice(0, 8), 8));
  kv.allocateSlots(request("B", B, 0), 4); // step 1: B's first chunk, block 2
  kv.cacheBlocks(request("B", B, 4));
  return kv;
}

Deno.test("KvCacheManager: the running pass frees the last running request for the one asking", () => {
  const kv = pressedPool(false);
  const running = ["A", "B"];
  const preempted: string[] = [];
  const a = request("A", A, 8); // step 2: A's decode needs a third block; the pool is empty
  while (!kv.allocateSlots(a, 1)) {
    const victim = running.pop()!; // B: last in the running list, not yet scheduled
    kv.free(victim);
    preempted.push(victim);
  }
  assertEquals([preempted, kv.blockIds("A"), kv.blockIds("B")], [["B"], [0, 1, 2], []]);
  // B waits at the front, recomputing from 0: its first chunk's block is not free, so it blocks.
  assertEquals(kv.canAllocate(request("B", B, 0), 4), false);
});

Deno.test("KvCacheManager: a preempted request's cached blocks are hits until taken from the front", () => {
  const kv = pressedPool(true);
  kv.free("B"); // B preempted: its full block 2 stays cached in the free queue
  const b = request("B", B, 0);
  assertEquals(kv.getComputedBlocks(b).blockIds, [2]);
  assert(kv.allocateSlots(request("A", A, 8), 1)); // A's decode takes block 2 from the front
  assertEquals(kv.getComputedBlocks(b).blockIds, []); // B recomputes everything
  kv.free("A"); // A finishes: frees 2, 1, 0; its full blocks 0 and 1 stay cached
  assertEquals(kv.blockPool.freeBlockIds(), [2, 1, 0]);
  const again = kv.getComputedBlocks(request("A2", A, 0));
  assertEquals([again.blockIds, again.numComputedTokens], [[0, 1], 8]);
});
