/**
 * PostgreSQL: `$n` placeholders, RETURNING everywhere, ON CONFLICT upserts, FOR UPDATE / FOR SHARE
 * with NOWAIT / SKIP LOCKED, ILIKE. Multi-row writes whose columns are all typed bind one array
 * per column (`unnest`), so the statement text and its bind count do not depend on the row count.
 */
import type { CompileContext } from '../../sql/compiled-query';
import { SqlCompiler } from '../../sql/compiler';
import { MAX_IDENTIFIER_LENGTH } from '../../sql/identifier';
import type { BatchUpdateNode, ColumnSpec, Expression, InsertNode, ParamNode } from '../../sql/nodes';

export class PostgresCompiler extends SqlCompiler {
  protected override get dialectLabel(): string {
    return 'PostgreSQL';
  }

  protected override placeholder(index: number): string {
    return `$${index}`;
  }

  /** `SELECT * FROM unnest($1::int4[], $2::text[])` for two rows or more, else VALUES. */
  protected override compileInsertSource(node: InsertNode, ctx: CompileContext): string {
    if (node.rows.length < 2 || !bindsAsArrays(node.columns, node.rows)) return super.compileInsertSource(node, ctx);
    return `SELECT * FROM ${this.unnest(node.columns, node.rows, ctx)}`;
  }

  /**
   * `UPDATE t SET a = v.a FROM unnest(…) AS v(id, a) WHERE t.id = v.id`. Falls back to the CASE
   * form when a column has no type: a VALUES list would type its parameters as text.
   */
  protected override compileBatchUpdate(node: BatchUpdateNode, ctx: CompileContext): string {
    const specs = [...node.keys, ...node.columns, ...node.match];
    const rows = node.rows.map((r) => [...r.key, ...r.values, ...r.match]);
    if (!bindsAsArrays(specs, rows)) return super.compileBatchUpdate(node, ctx);
    const table = this.quote(node.table);
    const v = this.quote(node.table === 'v' ? 'v1' : 'v');
    const names = derivedColumnNames(node);
    const source = `${this.unnest(specs, rows, ctx)} AS ${v}(${names.map((n) => this.quote(n)).join(', ')})`;
    const at = (i: number) => `${v}.${this.quote(names[i] as string)}`;
    const set = node.columns.map((c, i) => `${this.quote(c.name)} = ${at(node.keys.length + i)}`);
    const matchAt = node.keys.length + node.columns.length;
    const where = [
      ...node.keys.map((k, i) => `${table}.${this.quote(k.name)} = ${at(i)}`),
      ...node.match.map((m, i) => `${table}.${this.quote(m.name)} = ${at(matchAt + i)}`),
    ];
    return `UPDATE ${table} SET ${set.join(', ')} FROM ${source} WHERE ${where.join(' AND ')}`;
  }

  /** `unnest($1::type[], …)`: one array parameter per column, element type from `types.sqlType`. */
  private unnest(specs: readonly ColumnSpec[], rows: readonly (readonly Expression[])[], ctx: CompileContext): string {
    const arrays = specs.map((spec, i) => {
      const values = rows.map((r) => this.convertParam(r[i] as ParamNode));
      // bindsAsArrays checked that every spec has a type.
      return `${this.bind(values, ctx)}::${this.types.sqlType(spec.type as NonNullable<ColumnSpec['type']>)}[]`;
    });
    return `unnest(${arrays.join(', ')})`;
  }
}

/** Arrays need an element type for every column and plain values (no DEFAULT, no expressions). */
function bindsAsArrays(specs: readonly ColumnSpec[], rows: readonly (readonly Expression[])[]): boolean {
  return specs.every((s) => s.type !== undefined) && rows.every((r) => r.every((v) => v.kind === 'param'));
}

/**
 * Column names of the unnest alias: keys and assigned columns keep their names; a match column
 * that is also assigned (the version) becomes `<name>_match`; any clash falls back to `c<n>`.
 */
function derivedColumnNames(node: BatchUpdateNode): string[] {
  const used = new Set<string>();
  const take = (wanted: string, index: number) => {
    let name = wanted;
    for (let n = index; used.has(name) || name.length > MAX_IDENTIFIER_LENGTH; n++) name = `c${n}`;
    used.add(name);
    return name;
  };
  const plain = [...node.keys, ...node.columns].map((c, i) => take(c.name, i));
  const base = plain.length;
  const match = node.match.map((c, i) => take(used.has(c.name) ? `${c.name}_match` : c.name, base + i));
  return [...plain, ...match];
}
