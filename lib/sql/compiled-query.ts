/**
 * SQL text with its bound parameters. The same shape as `CompiledQuery` in
 * lib/connection/driver.ts, declared here because sql/ may not import connection/ (DESIGN.md).
 */
export interface CompiledQuery {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** Whether the statement returns rows (a SELECT, a write with RETURNING); absent for raw SQL. */
  readonly returnsRows?: boolean;
}

/** Collects the parameters of one compilation, in the order their placeholders appear. */
export class CompileContext {
  readonly params: unknown[] = [];

  /** Adds a converted value and returns its 1-based position. */
  add(value: unknown): number {
    this.params.push(value);
    return this.params.length;
  }
}
