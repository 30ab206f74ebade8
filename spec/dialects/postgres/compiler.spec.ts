import { expect } from 'chai';
import { PostgresCompiler } from '../../../lib/dialects/postgres/compiler';
import type { TableDescription } from '../../../lib/sql/ddl';
import { column, type ColumnSpec, inList, insert, select } from '../../../lib/sql/nodes';
import type { ColumnType } from '../../../lib/types/column-type';
import { describeEachDialect } from '../../support/matrix';
import { createTables, dropTables } from '../../sql/support/tables';
import { openTestDatabase, type TestDatabase } from '../../sql/support/test-database';
import { TEST_CAPABILITIES } from '../../sql/support/test-capabilities';
import { testTypes } from '../../sql/support/test-types';

const compiler = new PostgresCompiler(testTypes('postgres'), TEST_CAPABILITIES.postgres);

/** One column of every kind, for unnest's element types. */
const KINDS: Record<string, ColumnType> = {
  i: { kind: 'integer' },
  big: { kind: 'bigint' },
  dec: { kind: 'decimal', precision: 20, scale: 9 },
  f: { kind: 'double' },
  ok: { kind: 'boolean' },
  s: { kind: 'string', length: 8 },
  t: { kind: 'text' },
  u: { kind: 'uuid' },
  d: { kind: 'date' },
  at: { kind: 'datetime' },
  j: { kind: 'json' },
  e: { kind: 'enum', values: ['x', 'y'] },
  b: { kind: 'blob' },
};
const specs: ColumnSpec[] = Object.entries(KINDS).map(([name, type]) => ({ name, type }));
const ROWS = [
  [
    1,
    2n ** 63n - 1n,
    '12345678901.123456789',
    1.5,
    true,
    'ab',
    'x\\y"z',
    '7d444840-9dc0-11d1-b245-5ffdce74fad2',
    '1969-07-20',
    new Date('2038-01-19T03:14:08.000Z'),
    { a: [1, '}'] },
    'x',
    Buffer.from([0, 255]),
  ],
  [2, null, null, null, null, null, null, null, null, null, null, null, null],
];

describe('PostgresCompiler', () => {
  it('numbers placeholders past $9', () => {
    const node = select({ from: 't', where: inList(column('a'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) });
    expect(compiler.compile(node).sql).to.equal(
      'SELECT * FROM "t" WHERE "a" IN ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
    );
  });

  it('casts each unnest array to its column type from types.sqlType', () => {
    const { sql, params } = compiler.compile(insert({ table: 't', columns: specs, rows: ROWS }));
    expect(sql).to.equal(
      'INSERT INTO "t" ("i", "big", "dec", "f", "ok", "s", "t", "u", "d", "at", "j", "e", "b") SELECT * FROM unnest($1::integer[], $2::bigint[], $3::numeric(20,9)[], $4::double precision[], $5::boolean[], $6::varchar(8)[], $7::text[], $8::uuid[], $9::date[], $10::timestamptz(3)[], $11::jsonb[], $12::text[], $13::bytea[])',
    );
    expect(params).to.have.length(13);
    expect(params[12]).to.deep.equal([Buffer.from([0, 255]), null]);
  });
});

describeEachDialect(
  'PostgresCompiler unnest executed',
  (ctx) => {
    describe('with a column of every kind', () => {
      const ALL_KINDS: TableDescription = {
        name: 't_sql_pg_kinds',
        columns: specs.map((s) => ({ name: s.name, type: s.type as ColumnType, nullable: s.name !== 'i' })),
        primaryKey: { columns: ['i'] },
      };
      let db: TestDatabase;

      before(async () => {
        db = await openTestDatabase(ctx);
        await createTables(db, [ALL_KINDS]);
      });

      after(async () => {
        await dropTables(db, [ALL_KINDS.name]);
        await db.close();
      });

      it('binds arrays that round-trip every kind, quotes, backslashes, bytes and NULLs included', async () => {
        const returning = specs.map((s) => column(s.name));
        const { rows } = await db.run(insert({ table: ALL_KINDS.name, columns: specs, rows: ROWS, returning }));
        expect(rows).to.have.length(2);
        expect(rows[0]).to.deep.equal({
          i: 1,
          big: '9223372036854775807',
          dec: '12345678901.123456789',
          f: 1.5,
          ok: true,
          s: 'ab',
          t: 'x\\y"z',
          u: '7d444840-9dc0-11d1-b245-5ffdce74fad2',
          d: '1969-07-20',
          at: '2038-01-19 03:14:08+00',
          j: { a: [1, '}'] },
          e: 'x',
          b: Buffer.from([0, 255]),
        });
        expect(Object.values(rows[1] ?? {}).filter((v) => v !== null)).to.deep.equal([2]);
      });
    });
  },
  { only: ['postgres'] },
);
