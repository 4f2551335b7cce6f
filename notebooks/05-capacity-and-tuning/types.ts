/**
 * The shapes chapter 5's exercise takes and returns, shared by `starter.ts`
 * and `solution.ts`.
 *
 * @module
 */

/** Options for `capacitySearch`, in requests per second. */
export interface SearchOptions {
  /** The first rate probed. @default {1} */
  startQps?: number;
  /** The lowest rate probed. @default {1 / 16} */
  minQps?: number;
  /** The highest rate probed. @default {1024} */
  maxQps?: number;
  /** Stop when the failing rate is within this fraction above the holding one. @default {0.02} */
  precision?: number;
}

/** The answer and the rates probed, in order. */
export interface SearchResult {
  /** The highest rate found where the SLO holds. */
  capacityQps: number;
  /** The lowest rate above it found to fail; `null` when the SLO held at `maxQps`. */
  failQps: number | null;
  /** Every rate probed, in order, each once. */
  probes: number[];
}
