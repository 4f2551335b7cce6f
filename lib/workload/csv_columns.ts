/**
 * Named numeric columns out of CSV text, each cell checked against its
 * column's rule, with errors that name the file, line, column, value and rule.
 *
 * What it reads: a header line, then rows of plain numeric cells separated by
 * commas (`12`, `4.3`, `1e3`; spaces around a cell are ignored). A UTF-8 byte
 * order mark, CRLF line ends and blank lines are accepted; columns may come in
 * any order and columns not asked for are ignored. What it does not handle:
 * quoted cells, commas inside cells, comments, more than
 * {@linkcode MAX_CSV_ROWS} rows.
 *
 * @module
 */

/** The most data rows a CSV may hold: a larger file is refused, not simulated for minutes. */
export const MAX_CSV_ROWS = 1_000_000;

/** A column to read, and the rule every cell in it must follow. */
export interface CsvColumn {
  /** Its name in the header, matched exactly. */
  name: string;
  /** Whether each cell must be an integer. */
  isInteger: boolean;
  /** The least value a cell may hold. */
  min: number;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads the `columns` of CSV `text` into rows of numbers, in file order, one
 * number per asked column. `file` names the text in errors.
 *
 * @example
 * ```ts
 * import { readCsvColumns } from "stallfree/lib/workload/csv_columns.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 * const columns = [{ name: "b", isInteger: true, min: 1 }, { name: "a", isInteger: false, min: 0 }];
 * assertEquals(readCsvColumns("\uFEFFa,b\r\n0.5,3\r\n", "t.csv", columns), [[3, 0.5]]);
 * assertThrows(
 *   () => readCsvColumns("a,b\n0.5,3\n1,abc\n", "t.csv", columns),
 *   RangeError,
 *   'Expected t.csv line 3 column b to be an integer >= 1 but found "abc"',
 * );
 * ```
 */
export function readCsvColumns(
  text: string,
  file: string,
  columns: readonly CsvColumn[],
): number[][] {
  const lines = text.replace(/^\uFEFF/, "").split("\n");
  const header = splitLine(lines[0]);
  const indices = columns.map(({ name }) => {
    const matches = header.filter((cell) => cell === name).length;
    if (matches !== 1) {
      throw new RangeError(
        `Expected ${file} line 1 to be a header with one column ${name} but found ${
          JSON.stringify(lines[0].trim())
        }`,
      );
    }
    return header.indexOf(name);
  });
  const rows: number[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    if (rows.length === MAX_CSV_ROWS) {
      throw new RangeError(`Expected ${file} to have at most ${MAX_CSV_ROWS} rows but found more`);
    }
    const cells = splitLine(lines[i]);
    if (cells.length !== header.length) {
      throw new RangeError(
        `Expected ${file} line ${
          i + 1
        } to have ${header.length} cells (as the header) but found ${cells.length}`,
      );
    }
    rows.push(
      columns.map((column, j) => readCell(cells[indices[j]], column, `${file} line ${i + 1}`)),
    );
  }
  if (rows.length === 0) {
    throw new RangeError(
      `Expected ${file} to have at least one row after the header but found none`,
    );
  }
  return rows;
}

function splitLine(line: string): string[] {
  return line.replace(/\r$/, "").split(",").map((cell) => cell.trim());
}

function readCell(cell: string, column: CsvColumn, at: string): number {
  const value = NUMBER.test(cell) ? Number(cell) : NaN;
  const isValid = Number.isFinite(value) && value >= column.min &&
    (!column.isInteger || Number.isSafeInteger(value));
  if (!isValid) {
    const rule = `${column.isInteger ? "an integer" : "a number"} >= ${column.min}`;
    throw new RangeError(
      `Expected ${at} column ${column.name} to be ${rule} but found ${JSON.stringify(cell)}`,
    );
  }
  return value;
}
