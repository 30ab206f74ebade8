process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import { ValueError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { openPooledDatabase, type PooledDatabase } from './support/pooled-database';
import { expectRoundTrip, onDialect, roundTrip } from './support/round-trip';

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);

describeEachDialect('numeric column types round trip', (ctx) => {
  let db: PooledDatabase;
  before(async () => {
    db = await openPooledDatabase(ctx);
  });
  after(async () => {
    await db.close();
  });

  it('integer: keeps the int32 extremes', async () => {
    await expectRoundTrip(db, 't_types_integer', { kind: 'integer' }, [2147483647, -2147483648, 0, -1, null]);
  });

  it('bigint: keeps 2^63−1, −2^63 and 2^53+1 exactly', async () => {
    const values = [MAX_INT64, MIN_INT64, 2n ** 53n + 1n, 0n, null];
    await expectRoundTrip(db, 't_types_bigint', { kind: 'bigint' }, values);
  });

  it('bigint with bigintAsNumber: keeps ±(2^53−1) as numbers', async () => {
    const type = { kind: 'bigint', bigintAsNumber: true } as const;
    const values = [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0, null];
    await expectRoundTrip(db, 't_types_bigint_number', type, values);
  });

  it('bigint with bigintAsNumber: reading 2^63−1 raises ValueError instead of rounding', async () => {
    await db.run('CREATE TABLE t_types_bigint_lossy (id INTEGER PRIMARY KEY, v BIGINT)');
    try {
      await db.run(`INSERT INTO t_types_bigint_lossy (id, v) VALUES (1, ${db.placeholder(1)})`, [
        db.types.toDriver({ kind: 'bigint' }, MAX_INT64, 'v'),
      ]);
      const selected = db.dialect === 'sqlite' ? 'CAST(v AS TEXT) AS v' : 'v';
      const ways = await db.selectEveryWay(`SELECT ${selected} FROM t_types_bigint_lossy`);
      for (const rows of Object.values(ways)) {
        expect(() => db.types.fromDriver({ kind: 'bigint', bigintAsNumber: true }, rows[0]?.v)).to.throw(
          ValueError,
          'Cannot read "9223372036854775807" from a bigint column',
        );
      }
    } finally {
      await db.run('DROP TABLE t_types_bigint_lossy');
    }
  });

  it('decimal(38,9): keeps 20 digits before and 9 after the point', async () => {
    const type = { kind: 'decimal', precision: 38, scale: 9 } as const;
    const values = ['12345678901234567890.123456789', '-12345678901234567890.123456789', '0.000000001', null];
    await expectRoundTrip(db, 't_types_decimal', type, values);
  });

  it('decimal(38,9): gives back the canonical form on every dialect (padded scale, no leading zeros, no −0)', async () => {
    const type = { kind: 'decimal', precision: 38, scale: 9 } as const;
    const expected = ['1.500000000', '0.000000000', '7.000000000', '-0.100000000'];
    await expectRoundTrip(db, 't_types_decimal_canonical', type, ['1.5', '-0.0', '007', '-0.1'], expected);
  });

  it('decimal with the default shape (38,10)', async () => {
    const values = ['1234567890123456789012345678.0123456789', null];
    await expectRoundTrip(db, 't_types_decimal_default', { kind: 'decimal' }, values);
  });

  it('float: gives back the shortest decimal of the 32-bit value; −0.0 survives on PostgreSQL only', async () => {
    const values = [0.1, 1 / 3, 16777217, 3.4028234663852886e38, -0, null];
    const back = await roundTrip(db, 't_types_float', { kind: 'float' }, values);
    // MariaDB and SQLite store −0.0 as 0 (SQLite keeps integral REALs as integers on disk).
    const zero = onDialect(ctx.dialect, { postgres: -0, mysql: 0, sqlite: 0 });
    for (const got of Object.values(back)) {
      expect(got).to.deep.equal([0.1, 0.33333334, 16777216, 3.4028234663852886e38, zero, null]);
      expect(Object.is(got[4], zero)).to.equal(true);
    }
  });

  it('double: keeps every double; −0.0 survives on PostgreSQL only', async () => {
    const values = [0.1, 1 / 3, Number.MAX_VALUE, -Number.MAX_VALUE, 2.2250738585072014e-308, 2 ** 53 + 2, -0, null];
    const back = await roundTrip(db, 't_types_double', { kind: 'double' }, values);
    const zero = onDialect(ctx.dialect, { postgres: -0, mysql: 0, sqlite: 0 });
    for (const got of Object.values(back)) {
      expect(got).to.deep.equal([...values.slice(0, 6), zero, null]);
      expect(Object.is(got[6], zero)).to.equal(true);
    }
  });

  it('boolean: keeps true and false', async () => {
    await expectRoundTrip(db, 't_types_boolean', { kind: 'boolean' }, [true, false, null]);
  });
});

describeEachDialect(
  'MySQL/MariaDB FLOAT read back',
  (ctx) => {
    let db: PooledDatabase;
    before(async () => {
      db = await openPooledDatabase(ctx);
    });
    after(async () => {
      await db.close();
    });

    it('the text protocol prints FLOAT with 6 digits unless selected as DOUBLE; the binary protocol is exact', async () => {
      await db.run('CREATE TABLE t_types_float_text (id INTEGER PRIMARY KEY, v FLOAT)');
      try {
        await db.run(`INSERT INTO t_types_float_text (id, v) VALUES (1, ?)`, [
          db.types.toDriver({ kind: 'float' }, 1 / 3),
        ]);
        const ways = await db.selectEveryWay('SELECT v, CAST(v AS DOUBLE) AS wide FROM t_types_float_text');
        const read = (raw: unknown) => db.types.fromDriver({ kind: 'float' }, raw);
        expect(ways.text?.map((r) => [read(r.v), read(r.wide)])).to.deep.equal([[0.333333, 0.33333334]]);
        expect(ways.binary?.map((r) => [read(r.v), read(r.wide)])).to.deep.equal([[0.33333334, 0.33333334]]);
      } finally {
        await db.run('DROP TABLE t_types_float_text');
      }
    });
  },
  { only: ['mysql'] },
);
