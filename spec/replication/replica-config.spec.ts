/**
 * The `replicas` options as `connect` checks them, and the position arithmetic of each dialect
 * (no server needed): WAL LSNs compare as 64-bit numbers, GTID lists domain by domain.
 */
import { expect } from 'chai';
import { ReadSession } from '../../lib/connection';
import { resolveConfig } from '../../lib/dialects/config';
import { mysqlReplication } from '../../lib/dialects/mysql/replication';
import { postgresReplication } from '../../lib/dialects/postgres/replication';
import { ConfigError } from '../../lib/errors';

const PRIMARY = 'postgres://app:secret@primary.internal:5433/shop';

describe('read replicas: configuration', () => {
  it('gives each replica what it does not say from the primary: user, password, database, port', () => {
    const config = resolveConfig({
      url: PRIMARY,
      replicas: ['postgres://replica1.internal', { host: 'replica2', port: 6432 }],
    });
    expect(config.replicas?.servers).to.deep.equal([
      { dialect: 'postgres', host: 'replica1.internal', port: 5433, user: 'app', password: 'secret', database: 'shop' },
      { dialect: 'postgres', host: 'replica2', port: 6432, user: 'app', password: 'secret', database: 'shop' },
    ]);
    expect(config.replicas?.settings).to.include({ maxReplicaLagMs: 30_000, retryMs: 1000 });
    expect(config.replicas?.settings.readYourWrites).to.deep.equal({ mode: 'position' });
    // The primary's own fields carry nothing of the replica options.
    expect(config).to.not.have.any.keys('replicaPicker', 'readYourWrites', 'maxReplicaLagMs', 'replicaRetryMs');
  });

  it('refuses replicas on SQLite, of another database, with unknown fields, or with a bad read-your-writes mode', () => {
    expect(() => resolveConfig({ url: 'sqlite::memory:', replicas: ['sqlite:./copy.db'] })).to.throw(
      ConfigError,
      /SQLite has no replicas/,
    );
    expect(() => resolveConfig({ url: PRIMARY, replicas: ['mysql://r/shop'] })).to.throw(
      ConfigError,
      /must be postgres too/,
    );
    expect(() => resolveConfig({ url: PRIMARY, replicas: [{ hots: 'r' } as never] })).to.throw(
      ConfigError,
      /Unknown replica option "hots"/,
    );
    expect(() =>
      resolveConfig({ url: PRIMARY, replicas: ['postgres://r'], readYourWrites: { mode: 'always' } as never }),
    ).to.throw(ConfigError, /readYourWrites.mode/);
    expect(() => resolveConfig({ url: PRIMARY, replicas: ['postgres://r'], maxReplicaLagMs: -1 })).to.throw(
      ConfigError,
      /maxReplicaLagMs/,
    );
  });

  it('turns the lag bound off with false', () => {
    const config = resolveConfig({ url: PRIMARY, replicas: ['postgres://r'], maxReplicaLagMs: false });
    expect(config.replicas?.settings.maxReplicaLagMs).to.equal(undefined);
  });
});

describe('read replicas: positions', () => {
  it('compares PostgreSQL LSNs as numbers, across the 4 GB boundary', () => {
    expect(postgresReplication.reached('0/A', '0/9')).to.equal(true);
    expect(postgresReplication.reached('0/9', '0/A')).to.equal(false);
    expect(postgresReplication.reached('1/0', '0/FFFFFFFF')).to.equal(true);
    expect(postgresReplication.reached('0/FFFFFFFF', '1/0')).to.equal(false);
    expect(postgresReplication.reached('16/B374D848', '16/B374D848')).to.equal(true);
  });

  it('compares MariaDB GTID lists in every domain of the target', () => {
    expect(mysqlReplication.reached('0-1-42', '0-1-42')).to.equal(true);
    expect(mysqlReplication.reached('0-1-41', '0-1-42')).to.equal(false);
    // The server id does not order GTIDs; the sequence number in the domain does.
    expect(mysqlReplication.reached('0-2-100', '0-1-42')).to.equal(true);
    expect(mysqlReplication.reached('0-1-50,1-1-3', '0-1-42,1-1-4')).to.equal(false);
    expect(mysqlReplication.reached('0-1-50,1-1-4', '0-1-42,1-1-4')).to.equal(true);
    expect(mysqlReplication.reached('0-1-50', '1-1-1')).to.equal(false);
  });

  it('records a commit as a position, or as a window when the position is unknown or the mode says so', () => {
    const position = new ReadSession({ mode: 'position' }, true);
    position.committed('0/10', 1000);
    expect([position.target, position.primaryUntil]).to.deep.equal(['0/10', 0]);
    position.committed(undefined, 1000);
    expect(position.primaryUntil).to.equal(2000);
    const window = new ReadSession({ mode: 'window', windowMs: 250 }, true);
    window.committed('0/10', 1000);
    expect([window.target, window.primaryUntil]).to.deep.equal([undefined, 1250]);
    const off = new ReadSession(false, true);
    off.committed('0/10', 1000);
    expect([off.target, off.primaryUntil]).to.deep.equal([undefined, 0]);
  });
});
