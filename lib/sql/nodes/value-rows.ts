import { SqlNodeError } from '../../errors/index.js';
import type { ColumnSpec } from './column-spec.js';
import { isExpression } from './expression.js';
import { isSqlNode } from './frozen-node.js';

/**
 * The rows of a multi-row write, stored flat, row after row: a 10,000-row INSERT is one array of
 * values, not 10,000 row arrays holding 20,000 parameter nodes (a flush spent more on those than on
 * its SQL). A cell is a plain value, bound with its column's type and name, or an expression node
 * (a parameter with its own type, a raw fragment, DEFAULT), compiled as such.
 */
export class ValueRows {
  private constructor(
    /** One spec per column; a row has exactly this many cells. */
    readonly specs: readonly ColumnSpec[],
    /** How many rows. */
    readonly count: number,
    private readonly cells: readonly unknown[],
    /** True when no cell is an expression node: every cell is bound as a value of its column. */
    readonly isAllPlain: boolean,
  ) {}

  /** Rows given as arrays, checked for width and for statement nodes used as values. */
  static of(specs: readonly ColumnSpec[], rows: readonly (readonly unknown[])[], what: string): ValueRows {
    const cells: unknown[] = [];
    for (const row of rows) {
      if (!Array.isArray(row) || row.length !== specs.length) {
        throw SqlNodeError.rowWidth(what, row, specs.length);
      }
      for (const value of row) cells.push(value);
    }
    return ValueRows.checked(specs, cells, rows.length, what);
  }

  /**
   * Rows already laid out flat (`cells.length` a multiple of the column count; with no columns,
   * `count` rows of defaults). The array is taken over, not copied: the caller must not change it
   * afterwards.
   */
  static flat(specs: readonly ColumnSpec[], cells: readonly unknown[], what: string, count?: number): ValueRows {
    const width = specs.length;
    if (width === 0 ? cells.length !== 0 || count === undefined : cells.length % width !== 0) {
      throw new SqlNodeError(
        `${what}: ${cells.length} values do not fill rows of ${width} columns.\n` +
          '  Lay the rows out flat, one value per column each (with no columns: no values, and the row count).',
      );
    }
    return ValueRows.checked(specs, cells, width === 0 ? (count as number) : cells.length / width, what);
  }

  private static checked(
    specs: readonly ColumnSpec[],
    cells: readonly unknown[],
    count: number,
    what: string,
  ): ValueRows {
    let isAllPlain = true;
    for (let i = 0; i < cells.length; i++) {
      const value = cells[i];
      if (typeof value !== 'object' || value === null || !isSqlNode(value)) continue;
      // A SELECT or INSERT as a cell is a mistake; subqueries go through inList and exists.
      if (!isExpression(value))
        throw new SqlNodeError(
          `${what}: a ${value.kind} node cannot be used as a value.\n  Write values or expression nodes in rows.`,
        );
      isAllPlain = false;
    }
    const rows = new ValueRows(specs, count, cells, isAllPlain);
    Object.freeze(rows);
    return rows;
  }

  /** The cell of row `row`, column `column`: a plain value or an expression node. */
  cell(row: number, column: number): unknown {
    return this.cells[row * this.specs.length + column];
  }

  /** True when every cell is a plain value or a parameter node, so a column can bind as one array. */
  get isAllValues(): boolean {
    for (const value of this.cells) if (isExpression(value) && value.kind !== 'param') return false;
    return true;
  }
}
