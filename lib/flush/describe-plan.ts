/** `plan.describe()`: the plan for a person — steps with their SQL, then each entity and why. */
import type { FlushPlan, PlannedRow, RowReason } from './flush-plan.js';
import { isPendingId } from './flush-plan.js';

function show(value: unknown): string {
  if (isPendingId(value)) return `<id of ${value.label}>`;
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return `<${value.length} bytes>`;
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

export function describeReason(reason: RowReason): string {
  switch (reason.kind) {
    case 'new':
      return 'new';
    case 'removed':
      return 'removed';
    case 'soft-deleted':
      return `soft delete: ${reason.column} set instead of DELETE (${reason.because.kind === 'removed' ? 'removed' : `orphaned from ${reason.because.parent}.${reason.because.relation}`})`;
    case 'orphaned':
      return `orphaned (taken out of ${reason.parent}.${reason.relation})`;
    case 'cycle-break':
      return `cycle broken: ${reason.columns.join(', ')} written after insert`;
    case 'changed':
      return `changed: ${reason.changes.map((c) => `${c.property} ${show(c.old)} -> ${show(c.new)}`).join(', ')}`;
    case 'link':
      return `linked ${reason.member} to ${reason.owner}.${reason.relation}`;
    case 'unlink':
      return `unlinked ${reason.member} from ${reason.owner}.${reason.relation}`;
    case 'frees-unique': {
      const first = reason.how === 'nulled' ? `${reason.columns.join(', ')} set to NULL` : reason.how;
      return `${first} first: frees unique ${reason.unique}, taken by ${reason.takenBy}`;
    }
  }
}

function rowLine(row: PlannedRow): string {
  const pending = row.values.filter(isPendingId).map(show);
  return `     ${row.label}${pending.length > 0 ? ` uses ${pending.join(', ')}` : ''}`;
}

export function describePlan(plan: FlushPlan): string {
  if (plan.isEmpty) return 'Flush plan: nothing to write.';
  const lines = [`Flush plan: ${count(plan.steps.length, 'step')}, ${count(plan.statementCount, 'statement')}`];
  plan.steps.forEach((step, i) => {
    const columns = step.columns.map((c) => c.name).join(', ');
    const readBack = step.readBack
      ? `, database defaults read back: ${step.readBack.map((c) => c.name).join(', ')}`
      : '';
    lines.push(
      `  ${i + 1}. ${step.kind} ${step.table}${columns ? ` (${columns})` : ''}: ${count(step.rows.length, 'row')}${readBack}`,
    );
    for (const s of step.statements) {
      lines.push(
        `     [rows ${s.start}..${s.end - 1}, ${s.bindCount} binds] ${s.sql.length > 300 ? `${s.sql.slice(0, 300)}…` : s.sql}`,
      );
    }
    for (const row of step.rows.slice(0, 20)) lines.push(rowLine(row));
    if (step.rows.length > 20) lines.push(`     … ${step.rows.length - 20} more`);
  });
  lines.push('  Why:');
  for (const e of plan.entities.slice(0, 100))
    lines.push(`    ${e.label}: ${e.reasons.map(describeReason).join('; ')}`);
  if (plan.entities.length > 100) lines.push(`    … ${plan.entities.length - 100} more`);
  return lines.join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
