/**
 * Splits a step's rows into statements under the bind ceiling and, for `em.plan()`, compiles each
 * so the plan shows its SQL. Shared by every kind of step.
 */
import type { FlushStep, PlannedRow, PlannedStatement } from './flush-plan.js';
import { isPendingId } from './flush-plan.js';
import type { PlanTarget } from './plan-target.js';
import { bindsPerRow, placeholderValue, stepNode } from './statement-nodes.js';

function hasPending(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (isPendingId(values[i])) return true;
  return false;
}

function pendingIn(rows: readonly PlannedRow[]): boolean {
  for (const r of rows) if (hasPending(r.key) || hasPending(r.values) || hasPending(r.match)) return true;
  return false;
}

/** Up to this many rows, a statement the flush compiles later says at once whether it holds pending keys. */
const EAGER_ROWS = 16;

/**
 * The [start, end) row ranges of the statements: `perStatement` rows each, at most `shapes` (rows
 * per prepared chunk) where statements are prepared by text, so that a large step reuses one text
 * for all its full chunks. The rest is one statement: splitting it would cost a small flush (ten
 * rows) several statements, and a small statement prepares quickly.
 */
function ranges(count: number, perStatement: number, shapes: number | undefined): number[] {
  const bounds: number[] = [0];
  const size = shapes === undefined ? perStatement : Math.min(perStatement, shapes);
  let start = 0;
  while (count - start > size) bounds.push((start += size));
  if (start < count) bounds.push(count);
  return bounds;
}

/** The statements of `base` over `rows`; `perStatement` overrides the rows a statement may hold. */
export function chunkStatements(
  base: Omit<FlushStep, 'statements'>,
  rows: readonly PlannedRow[],
  target: PlanTarget,
  perStatement = Math.max(1, Math.floor(target.maxBindParameters / bindsPerRow(base))),
): PlannedStatement[] {
  const statements: PlannedStatement[] = [];
  // INSERTs only: measured on MariaDB, a DELETE … IN of 10,000 keys was no slower than 512-key chunks.
  const shaped = base.kind === 'insert' || base.kind === 'link' ? target.preparedChunkRows : undefined;
  const bounds = ranges(rows.length, perStatement, shaped);
  for (let b = 1; b < bounds.length; b++) {
    const start = bounds[b - 1] as number;
    const end = bounds[b] as number;
    if (target.compileStatements === false) {
      // The executor compiles every statement of such a plan anyway; the flag is only for readers.
      const bindCount = (end - start) * bindsPerRow(base);
      // A request's few rows are looked at now: an object literal with a getter costs more to make
      // (a closure and an accessor pair, about 0.6 µs) than looking at a few rows.
      if (end - start <= EAGER_ROWS) {
        const hasPendingValues = pendingIn(rows.slice(start, end));
        statements.push({ sql: '', params: [], bindCount, start, end, hasPendingValues, isCompiled: false });
        continue;
      }
      statements.push({
        sql: '',
        params: [],
        bindCount,
        start,
        end,
        get hasPendingValues() {
          return pendingIn(rows.slice(start, end));
        },
        isCompiled: false,
      });
      continue;
    }
    const slice = rows.slice(start, end);
    const hasPendingValues = pendingIn(slice);
    const compiled = target.compile(
      stepNode({ ...base, statements: [] }, slice, placeholderValue, target.hasReturning),
    );
    statements.push({
      sql: compiled.sql,
      params: compiled.params,
      bindCount: compiled.params.length,
      start,
      end,
      hasPendingValues,
      isCompiled: true,
    });
  }
  return statements;
}
