process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import { describeEachDialect } from '../support/matrix';
import { openPooledDatabase, type PooledDatabase } from './support/pooled-database';
import { expectRoundTrip } from './support/round-trip';

const instants = [
  '1969-07-20T20:17:40.123Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00.000Z',
  '1900-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00.000Z',
  '2038-01-19T03:14:08.001Z',
  '9999-12-31T23:59:59.999Z',
  // DST in New York: 03:00 EDT just after the spring gap, and 01:30 EST in the repeated autumn hour.
  '2021-03-14T07:00:00.000Z',
  '2021-11-07T06:30:00.000Z',
  '2021-11-07T05:30:00.000Z',
].map((iso) => new Date(iso));

describeEachDialect('date and datetime column types round trip', (ctx) => {
  let db: PooledDatabase;
  before(async () => {
    db = await openPooledDatabase(ctx);
  });
  after(async () => {
    await db.close();
  });

  it('runs in America/New_York, so any use of the process time zone would show', () => {
    expect(new Date('2021-03-14T07:00:00.000Z').getTimezoneOffset()).to.equal(240);
    expect(new Date('2021-03-14T06:59:59.999Z').getTimezoneOffset()).to.equal(300);
  });

  it('date: keeps days before 1970, after 2038, leap days and the extremes', async () => {
    const values = [
      '1969-07-20',
      '1900-01-01',
      '0001-01-01',
      '2000-02-29',
      '2038-01-20',
      '9999-12-31',
      '2021-03-14',
      null,
    ];
    await expectRoundTrip(db, 't_types_date', { kind: 'date' }, values);
  });

  it('datetime: keeps the instant to the millisecond before 1970, after 2038 and across DST', async () => {
    await expectRoundTrip(db, 't_types_datetime', { kind: 'datetime' }, [...instants, null]);
  });

  it('datetime: stores the UTC wall time (what another client reading the column sees)', async () => {
    await db.run(
      `CREATE TABLE t_types_datetime_text (id INTEGER PRIMARY KEY, v ${db.types.sqlType({ kind: 'datetime' })})`,
    );
    try {
      const at = db.types.toDriver({ kind: 'datetime' }, new Date('2021-11-07T06:30:00.000Z'), 'v');
      await db.run(`INSERT INTO t_types_datetime_text (id, v) VALUES (1, ${db.placeholder(1)})`, [at]);
      const asText = db.dialect === 'sqlite' ? 'v' : db.dialect === 'postgres' ? 'v::text' : 'CAST(v AS CHAR)';
      const ways = await db.selectEveryWay(`SELECT ${asText} AS t FROM t_types_datetime_text`);
      const expected = db.dialect === 'postgres' ? '2021-11-07 06:30:00+00' : '2021-11-07 06:30:00.000';
      for (const rows of Object.values(ways)) expect(rows).to.deep.equal([{ t: expected }]);
    } finally {
      await db.run('DROP TABLE t_types_datetime_text');
    }
  });
});
