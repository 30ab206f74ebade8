/**
 * The compile-time checks of computed defaults, proven by `tsc`: each `// @ts-expect-error` line
 * must fail to compile, and each positive twin after it must compile.
 */
import { expect } from 'chai';
import { p, sqlDefault } from '../../lib/mapping';

describe('compile-time default checks (spec/types/compile-defaults.spec.ts)', () => {
  it('is checked by tsc; at run time it only builds columns', () => {
    expect(typeof p.datetime().default(() => new Date()).definition.defaultFn).to.equal('function');
  });
});

// A default function must return the column's type.
// @ts-expect-error a string is not a Date
p.datetime().default(() => '2026-01-01');
p.datetime().default(() => new Date());

// @ts-expect-error a number is not a string
p.string().default(() => 42);
p.string().default(() => 'draft');

// An onUpdate function too.
// @ts-expect-error Date.now() is a number, not a Date
p.datetime().onUpdate(() => Date.now());
p.datetime().onUpdate(() => new Date());

// A constant default is typed the same way.
// @ts-expect-error a constant of the wrong type
p.integer().default('1');
p.integer().default(1);

// .defaultSql takes SQL text or a typed helper, never a JS value.
// @ts-expect-error a Date is not SQL
p.datetime().defaultSql(new Date());
p.datetime().defaultSql(sqlDefault.now());
p.datetime().defaultSql('CURRENT_TIMESTAMP');
