/**
 * The query logger of `connect({ logger })` and `Tabula.connect({ logger })`: one leveled entry per
 * statement (debug, warn when slow, error when failed), to a function or to an object with level
 * methods, values only when asked. Slowness is made deterministic with `slowQueryMs: 0`, never sleeps.
 */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { Console } from 'node:console';
import sinon from 'sinon';
import { Tabula } from '../../lib';
import type { LevelLogger, QueryEvent, QueryLogEntry, QueryLogFields, QueryLogger } from '../../lib/connection';
import { queryLogListener } from '../../lib/connection';
import type { ConnectOptions } from '../../lib/dialects';
import { connect, type Database } from '../../lib/dialects';
import { ConfigError, UniqueConstraintError } from '../../lib/errors';
import { defineEntity, p } from '../../lib/mapping';
import { sql } from '../../lib/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

/** A value that would be personal data: it must reach no log unless `logParams` is on. */
const EMAIL = 'ann.secret@example.com';

class Person {
  id?: number;
  constructor(public email: string) {}
}

const PersonMapper = defineEntity(Person, {
  table: 't_logger_people',
  properties: { id: p.integer().primaryKey().generated(), email: p.string({ length: 60 }).unique() },
});

const entrySpy = () => sinon.spy((_entry: QueryLogEntry): void => undefined);
const levelSpy = () => sinon.spy((_fields: QueryLogFields, _message: string): void => undefined);

/** A level logger whose methods are sinon spies, typed so the spec can read their calls. */
function spyLogger() {
  return {
    debug: levelSpy(),
    info: levelSpy(),
    warn: levelSpy(),
    error: levelSpy(),
  };
}

function event(overrides: Partial<QueryEvent> = {}): QueryEvent {
  return { sql: 'SELECT 1', paramCount: 0, durationMs: 1, rowCount: 1, connectionId: 7, ...overrides };
}

describe('query logger options', () => {
  const cases: [string, Partial<ConnectOptions>, RegExp][] = [
    ['a number', { logger: 42 as never }, /^The logger option must be a function .* got number 42\./],
    ['a string', { logger: 'debug' as never }, /^The logger option must be .* got the string "debug"\./],
    ['an object without level methods', { logger: { log: () => undefined } as never }, /got an object with none/],
    [
      'an unknown logLevel',
      { logger: () => undefined, logLevel: 'verbose' as never },
      /^The logLevel option must be one of debug, info, warn, error, got the string "verbose"\./,
    ],
    [
      'a negative slowQueryMs',
      { logger: () => undefined, slowQueryMs: -1 },
      /^The slowQueryMs option must be .* got number -1\./,
    ],
  ];
  for (const [what, options, message] of cases) {
    it(`refuses ${what} at connect with a ConfigError naming the option`, async () => {
      const error = await expectRejection(connect({ url: 'sqlite::memory:', ...options }), ConfigError);
      expect(error.message).to.match(message);
    });
  }

  it('refuses a wrong logger in Tabula.connect too, before opening a connection', async () => {
    // @ts-expect-error a logger is a function or an object with level methods
    const opening = Tabula.connect({ url: 'sqlite::memory:', mappers: [PersonMapper], logger: 42 });
    const error = await expectRejection(opening, ConfigError);
    expect(error.message).to.contain('The logger option must be a function');
  });

  it('accepts console and a pino-shaped logger by type', () => {
    const pinoShaped: { warn(obj: object, msg?: string, ...args: unknown[]): void; level: string } = {
      warn: () => undefined,
      level: 'info',
    };
    const loggers: QueryLogger[] = [console, pinoShaped, (entry: QueryLogEntry) => entry.message];
    expect(loggers.map((l) => typeof l)).to.deep.equal(['object', 'object', 'function']);
  });
});

describe('queryLogListener', () => {
  const entries = (options: Parameters<typeof queryLogListener>[0], events: QueryEvent[]) => {
    const logger = entrySpy();
    const listener = queryLogListener({ ...options, logger });
    for (const e of events) listener?.(e);
    return logger.getCalls().map((c) => [c.args[0].level, c.args[0].event, c.args[0].durationMs]);
  };

  it('logs nothing without a logger', () => {
    expect(queryLogListener({ logLevel: 'debug' })).to.equal(undefined);
  });

  it("keeps by default only slow (200 ms or longer) and failed statements, at 'warn' and 'error'", () => {
    const events = [event({ durationMs: 199.9 }), event({ durationMs: 200 }), event({ error: new Error('x') })];
    expect(entries({}, events)).to.deep.equal([
      ['warn', 'slow-query', 200],
      ['error', 'query-error', 1],
    ]);
  });

  it("logs each statement once: at 'debug', or as slow, or as failed", () => {
    const events = [event(), event({ durationMs: 600 }), event({ durationMs: 600, error: new Error('x') })];
    expect(entries({ logLevel: 'debug', slowQueryMs: 500 }, events)).to.deep.equal([
      ['debug', 'query', 1],
      ['warn', 'slow-query', 600],
      ['error', 'query-error', 600],
    ]);
  });

  it('logs no statement as slow with slowQueryMs false, and only failures at logLevel error', () => {
    const events = [event({ durationMs: 1e6 }), event({ error: new Error('x') })];
    expect(entries({ logLevel: 'debug', slowQueryMs: false }, events)).to.deep.equal([
      ['debug', 'query', 1e6],
      ['error', 'query-error', 1],
    ]);
    expect(entries({ logLevel: 'error', slowQueryMs: 0 }, events)).to.deep.equal([['error', 'query-error', 1]]);
  });

  it('drops an entry whose level the object logger has no method for', () => {
    const warnOnly = { warn: sinon.spy() };
    const listener = queryLogListener({ logger: warnOnly satisfies LevelLogger, logLevel: 'debug' });
    listener?.(event());
    listener?.(event({ durationMs: 300 }));
    listener?.(event({ error: new Error('x') }));
    expect(warnOnly.warn.callCount).to.equal(1);
  });

  it('cuts the SQL of the message after 1,000 characters, and keeps it whole in `sql`', () => {
    const logger = entrySpy();
    const long = `SELECT ${Array.from({ length: 400 }, (_, i) => `c${i}`).join(', ')} FROM t`;
    queryLogListener({ logger, logLevel: 'debug' })?.(event({ sql: long }));
    const [entry] = logger.firstCall.args;
    expect(entry.sql).to.equal(long);
    expect(entry.message).to.contain(`${long.slice(0, 1000)}… (${long.length} characters) [0 params]`);
  });
});

describeEachDialect('query logger', (ctx) => {
  const opened: Database[] = [];
  const open = async (options: Omit<ConnectOptions, 'url'>) => {
    const db = await connect({ url: ctx.url, ...options });
    opened.push(db);
    return db;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
  });

  it("gives a function logger each statement at 'debug', without values by default", async () => {
    const logger = entrySpy();
    const db = await open({ logger, logLevel: 'debug', slowQueryMs: false });
    await db.query(sql`SELECT ${EMAIL} AS email, ${2} AS two`);
    expect(logger.callCount).to.equal(1);
    const [entry] = logger.firstCall.args;
    const { message, durationMs, connectionId, ...rest } = entry;
    expect(rest).to.deep.equal({
      level: 'debug',
      event: 'query',
      sql: db.dialect.compile(sql`SELECT ${EMAIL} AS email, ${2} AS two`).sql,
      paramCount: 2,
      rows: 1,
    });
    expect(durationMs).to.be.a('number').and.at.least(0);
    expect(connectionId).to.be.a('number');
    expect(message).to.match(/^query [\d.]+ ms, 1 row, conn \d+: SELECT .* AS email, .* AS two \[2 params\]$/);
    expect(message).to.not.contain(EMAIL);
  });

  it('adds the values to the entry and its message with logParams: true', async () => {
    const logger = entrySpy();
    const db = await open({ logger, logLevel: 'debug', slowQueryMs: false, logParams: true });
    await db.query(sql`SELECT ${EMAIL} AS email`);
    const [entry] = logger.firstCall.args;
    expect(entry.params).to.deep.equal([EMAIL]);
    expect(entry.message).to.match(/ \[1 param \["ann\.secret@example\.com"\]\]$/);
  });

  it("calls a level logger's warn(fields, message) for a slow statement, pino's shape", async () => {
    const logger = spyLogger();
    const db = await open({ logger, slowQueryMs: 0 });
    const statement = sql`SELECT ${1} AS one`;
    await db.query(statement);
    expect([
      logger.debug.callCount,
      logger.info.callCount,
      logger.warn.callCount,
      logger.error.callCount,
    ]).to.deep.equal([0, 0, 1, 0]);
    const [fields, message] = logger.warn.firstCall.args;
    expect(fields).to.include({ event: 'slow-query', sql: db.dialect.compile(statement).sql, paramCount: 1, rows: 1 });
    expect(fields).to.not.have.any.keys('level', 'message', 'params', 'err');
    expect(message).to.match(
      /^slow query [\d.]+ ms \(threshold 0 ms\), 1 row, conn \d+: SELECT .* AS one \[1 param\]$/,
    );
  });

  it("calls a level logger's error(fields, message) for a unique violation, with the typed error as err", async () => {
    const logger = spyLogger();
    const db = await open({ logger, slowQueryMs: false });
    await db.execute(sql`DROP TABLE IF EXISTS t_logger_emails`);
    await db.execute(sql`CREATE TABLE t_logger_emails (id INTEGER PRIMARY KEY, email VARCHAR(60) NOT NULL UNIQUE)`);
    try {
      const insert = (id: number) => sql`INSERT INTO t_logger_emails (id, email) VALUES (${id}, ${EMAIL})`;
      await db.execute(insert(1));
      const error = await expectRejection(db.execute(insert(2)), UniqueConstraintError);
      expect([logger.debug.callCount, logger.warn.callCount, logger.error.callCount]).to.deep.equal([0, 0, 1]);
      const [fields, message] = logger.error.firstCall.args;
      expect(fields.err).to.equal(error);
      expect(fields).to.include({ event: 'query-error', sql: db.dialect.compile(insert(2)).sql, paramCount: 2 });
      expect(fields).to.not.have.any.keys('rows', 'params', 'error');
      expect(message).to.match(/^query failed after [\d.]+ ms, conn \d+: UniqueConstraintError: .* — INSERT INTO/);
      expect(message).to.not.contain(EMAIL);
    } finally {
      await db.execute(sql`DROP TABLE t_logger_emails`);
    }
  });

  it('prints one readable line per entry on a Console', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = new Console({ stdout: sink, stderr: sink });
    const warn = sinon.spy(logger, 'warn');
    const db = await open({ logger, slowQueryMs: 0 });
    await db.query(sql`SELECT ${1} AS one`);
    expect(warn.callCount).to.equal(1);
    expect(warn.firstCall.args).to.have.length(1);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.match(
      /^\[tabula\] slow query [\d.]+ ms \(threshold 0 ms\), 1 row, conn \d+: SELECT .* \[1 param\]\n$/,
    );
  });

  describe('through Tabula.connect', () => {
    let orm: Tabula | undefined;
    const logger = entrySpy();
    before(async () => {
      orm = await Tabula.connect({
        url: ctx.url,
        mappers: [PersonMapper],
        logger,
        logLevel: 'debug',
        slowQueryMs: false,
      });
      await orm.schema.drop();
      await orm.schema.create();
    });
    beforeEach(() => logger.resetHistory());
    after(async () => {
      await orm?.schema.drop();
      await orm?.close();
    });

    it("logs the ORM's statements, and orm.db.onQuery sees the same ones as events", async () => {
      const db = orm as Tabula;
      const events: QueryEvent[] = [];
      const off = db.db.onQuery((e) => events.push(e));
      try {
        await db.em.fork().find(Person, { email: EMAIL });
      } finally {
        off();
      }
      expect(events).to.have.length(1);
      expect(logger.getCalls().map((c) => [c.args[0].event, c.args[0].sql])).to.deep.equal([['query', events[0]?.sql]]);
      expect(events[0]?.sql).to.match(/t_logger_people/);
    });

    it('logs a failed flush statement at error with its UniqueConstraintError', async () => {
      const db = orm as Tabula;
      const em = db.em.fork();
      em.persist(new Person(EMAIL), new Person(EMAIL));
      const error = await expectRejection(em.flush(), UniqueConstraintError);
      const failed = logger.getCalls().filter((c) => c.args[0].level === 'error');
      expect(failed.map((c) => [c.args[0].event, c.args[0].error])).to.deep.equal([['query-error', error]]);
    });
  });
});
