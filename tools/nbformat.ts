/**
 * The parts of a Jupyter notebook (nbformat v4) the course's tools read: the
 * executor's checks and the book's renderer share these types. Does not
 * validate a notebook.
 *
 * @module
 */

/** One saved output of a code cell. */
export interface Output {
  /** "stream", "display_data", "execute_result" or "error". */
  output_type: string;
  /** `stream`: "stdout" or "stderr". */
  name?: string;
  /** `stream`: the text, whole or as lines. */
  text?: string | string[];
  /** `display_data`, `execute_result`: the MIME bundle. */
  data?: Record<string, unknown>;
  /** `execute_result`: the count of the cell it answers. */
  execution_count?: number | null;
  /** `error`: the error's name. */
  ename?: string;
  /** `error`: its message. */
  evalue?: string;
  /** `error`: its stack, one line per entry, maybe with ANSI colours. */
  traceback?: string[];
}

/** A notebook cell. */
export interface Cell {
  /** "markdown", "code" or "raw". */
  cell_type: string;
  /** The text, whole or as lines. */
  source: string | string[];
  /** Code cells: the `In [n]` count, null before it ran. */
  execution_count?: number | null;
  /** Code cells: what it showed. */
  outputs?: Output[];
}

/** A notebook. */
export interface Notebook {
  /** Its cells, in order. */
  cells: Cell[];
  /** Which kernel it runs on, among others. */
  metadata?: { kernelspec?: { name?: string } };
}
