/**
 * The free pool as a queue of block ids (vLLM's `FreeKVCacheBlockQueue`): a
 * doubly linked list over typed arrays, so taking from the front, joining the
 * back and leaving from the middle (a prefix-cache hit) are all O(1). Its order
 * is the eviction order: the front is the least recently freed block.
 *
 * @module
 */

const NONE = -1;

/**
 * A queue of the free block ids in `[0, numBlocks)`, at first every block in id
 * order. Knows nothing of reference counts or the prefix cache: `BlockPool`
 * keeps the rule that a block is in the queue exactly when nobody holds it.
 *
 * @example
 * ```ts
 * import { FreeKvCacheBlockQueue } from "stallfree/lib/memory/free_block_queue.ts";
 * import { assertEquals } from "@std/assert";
 * const queue = new FreeKvCacheBlockQueue(4);
 * assertEquals(queue.popLeft(), 0); // the front: lowest id first
 * queue.remove(2); // a prefix-cache hit takes a block out of the middle
 * queue.append(0); // a freed block joins the back
 * assertEquals(queue.blockIds(), [1, 3, 0]);
 * ```
 */
export class FreeKvCacheBlockQueue {
  #next: Int32Array;
  #prev: Int32Array;
  #head: number;
  #tail: number;
  #numFreeBlocks: number;

  /** Every block in `[0, numBlocks)`, in id order. */
  constructor(numBlocks: number) {
    this.#next = new Int32Array(numBlocks);
    this.#prev = new Int32Array(numBlocks);
    for (let id = 0; id < numBlocks; id++) {
      this.#next[id] = id + 1 < numBlocks ? id + 1 : NONE;
      this.#prev[id] = id - 1;
    }
    this.#head = numBlocks > 0 ? 0 : NONE;
    this.#tail = numBlocks - 1;
    this.#numFreeBlocks = numBlocks;
  }

  /** How many blocks are in the queue. */
  get numFreeBlocks(): number {
    return this.#numFreeBlocks;
  }

  /** Takes the block at the front (the least recently freed). */
  popLeft(): number {
    const id = this.#head;
    if (id === NONE) throw new RangeError("Expected a free block to pop but found none");
    this.remove(id);
    return id;
  }

  /** Takes block `id` out of the queue, wherever it is. The caller knows it is there. */
  remove(id: number): void {
    const prev = this.#prev[id], next = this.#next[id];
    if (prev === NONE) this.#head = next;
    else this.#next[prev] = next;
    if (next === NONE) this.#tail = prev;
    else this.#prev[next] = prev;
    this.#numFreeBlocks--;
  }

  /** Puts block `id` at the back. The caller knows it is not in the queue. */
  append(id: number): void {
    this.#prev[id] = this.#tail;
    this.#next[id] = NONE;
    if (this.#tail === NONE) this.#head = id;
    else this.#next[this.#tail] = id;
    this.#tail = id;
    this.#numFreeBlocks++;
  }

  /** The queue's block ids, front first: a snapshot for charts and tests. */
  blockIds(): number[] {
    const ids: number[] = [];
    for (let id = this.#head; id !== NONE; id = this.#next[id]) ids.push(id);
    return ids;
  }
}
