/**
 * Every error a user can meet has its own class and a stable, documented `code`: no bare
 * TabulaError in lib/, one code per class, each code on docs/errors.md. Then a sample of the
 * sites that used to throw a bare TabulaError, each triggered through the public API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import * as tabula from '../../lib';
import * as tabulaDi from '../../lib/entry-points/di';
import {
  DdlError,
  defineEntity,
  InternalError,
  p,
  SqlNodeError,
  sql,
  TabulaError,
  Tabula as TabulaOrm,
  UnexpectedResultError,
  UnsupportedError,
} from '../../lib';
import {
  column,
  compare,
  connect,
  type Database,
  eq,
  type FunctionName,
  fn,
  inList,
  insert,
  row,
  select,
} from '../../lib/entry-points/sql';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';

const ROOT = join(__dirname, '..', '..');

/** The code of every error class, as published. Changing one breaks callers that compare codes. */
const CODES: Readonly<Record<string, string>> = {
  InternalError: 'INTERNAL_ERROR',
  BindLimitError: 'BIND_LIMIT',
  ConfigError: 'CONFIG',
  DriverNotInstalledError: 'DRIVER_NOT_INSTALLED',
  IdentifierError: 'IDENTIFIER',
  SqlNodeError: 'SQL_NODE',
  DdlError: 'DDL',
  SchemaDriftError: 'SCHEMA_DRIFT',
  UnexpectedResultError: 'UNEXPECTED_RESULT',
  ValueError: 'VALUE',
  UnsupportedError: 'UNSUPPORTED',
  ClosedError: 'CLOSED',
  PoolTimeoutError: 'POOL_TIMEOUT',
  TransactionTimeoutError: 'TRANSACTION_TIMEOUT',
  QueryCancelledError: 'QUERY_CANCELLED',
  CommitOrderError: 'COMMIT_CYCLE',
  UniqueOrderError: 'UNIQUE_CYCLE',
  TransactionError: 'TRANSACTION',
  DatabaseError: 'DATABASE',
  ConstraintViolationError: 'CONSTRAINT',
  UniqueConstraintError: 'UNIQUE_VIOLATION',
  ForeignKeyConstraintError: 'FOREIGN_KEY_VIOLATION',
  NotNullConstraintError: 'NOT_NULL_VIOLATION',
  CheckConstraintError: 'CHECK_VIOLATION',
  ValueTooLongError: 'VALUE_TOO_LONG',
  TransientError: 'TRANSIENT',
  DeadlockError: 'DEADLOCK',
  SerializationError: 'SERIALIZATION_FAILURE',
  LockWaitTimeoutError: 'LOCK_WAIT_TIMEOUT',
  QueryTimeoutError: 'QUERY_TIMEOUT',
  ConnectionLostError: 'CONNECTION_LOST',
  CommitOutcomeUnknownError: 'COMMIT_OUTCOME_UNKNOWN',
  ConnectionError: 'CONNECTION',
  AuthenticationError: 'AUTHENTICATION',
  StatementError: 'STATEMENT',
  EntityStateError: 'ENTITY_STATE',
  AfterCommitError: 'AFTER_COMMIT',
  OptimisticLockError: 'OPTIMISTIC_LOCK',
  MissingRowError: 'MISSING_ROW',
  EntityNotFoundError: 'ENTITY_NOT_FOUND',
  OutsideScopeError: 'OUTSIDE_SCOPE',
  UnitOfWorkAbortedError: 'UNIT_OF_WORK_ABORTED',
  MappingError: 'MAPPING',
  QueryError: 'QUERY',
  MigrationError: 'MIGRATION',
  BadRequestError: 'BAD_REQUEST',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

type ErrorClass = abstract new (...args: never[]) => TabulaError;

/** The error classes the public entries export, by name (BadRequestError is tabula-orm/di's). */
function exportedErrorClasses(): Map<string, ErrorClass> {
  const found = new Map<string, ErrorClass>();
  for (const [name, value] of [...Object.entries(tabula), ...Object.entries(tabulaDi)]) {
    if (typeof value === 'function' && value.prototype instanceof TabulaError) found.set(name, value as ErrorClass);
  }
  return found;
}

/** An instance, whatever the constructor takes: a message first, or (entities, table). */
function instantiate(cls: ErrorClass): TabulaError {
  const make = cls as unknown as new (...args: unknown[]) => TabulaError;
  const attempts: unknown[][] = [['a message'], [['Author#1'], 'authors']];
  for (const args of attempts) {
    try {
      return new make(...args);
    } catch {
      // the next shape of arguments
    }
  }
  throw new Error(`${cls.name}: cannot instantiate it with ${JSON.stringify(attempts)}; add its arguments here`);
}

describe('error classes and codes', () => {
  const files = sourceFiles(join(ROOT, 'lib'));

  it('leaves no bare `new TabulaError(` in lib/: every error is raised as a subclass with its own code', () => {
    const bare = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('new TabulaError(') ? [`${file.slice(ROOT.length + 1)}:${i + 1}`] : [])),
    );
    expect(bare).to.deep.equal([]);
  });

  it('exports every error class declared in lib/ from a public entry', () => {
    const parents = new Map<string, string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bclass (\w+) extends (\w+)/g)) {
        parents.set(m[1] as string, m[2] as string);
      }
    }
    const isError = (name: string): boolean => {
      for (let at: string | undefined = name; at !== undefined; at = parents.get(at)) {
        if (at === 'TabulaError') return true;
      }
      return false;
    };
    const declared = [...parents.keys()].filter((n) => n !== 'TabulaError' && isError(n)).sort();
    expect(declared.length).to.be.greaterThan(30);
    expect(declared).to.deep.equal([...exportedErrorClasses().keys()].sort());
  });

  it('gives every exported error class a distinct, stable code', () => {
    const seen = new Map<string, string>();
    for (const [name, cls] of exportedErrorClasses()) {
      const error = instantiate(cls);
      expect(error, name).to.be.instanceOf(TabulaError);
      expect(error.name, name).to.equal(name);
      expect(error.code, `${name}.code`).to.match(/^[A-Z][A-Z_]*$/);
      expect(instantiate(cls).code, `${name}.code is the same on every instance`).to.equal(error.code);
      expect(seen.get(error.code), `${name} and ${seen.get(error.code)} share ${error.code}`).to.equal(undefined);
      seen.set(error.code, name);
      expect(error.code, `${name}'s published code`).to.equal(CODES[name]);
    }
    expect([...seen.values()].sort()).to.deep.equal(Object.keys(CODES).sort());
  });

  it('documents every class and code on docs/errors.md', () => {
    const docs = readFileSync(join(ROOT, 'docs', 'errors.md'), 'utf8');
    for (const [name, code] of Object.entries(CODES)) {
      const section = docs.split(`\n### ${name}\n`)[1]?.split('\n#')[0];
      expect(section, `docs/errors.md has a section for ${name}`).to.be.a('string');
      expect(section, `docs/errors.md's section ${name} gives its code`).to.match(
        new RegExp(`^\\n\`code: '${code}'\``),
      );
      expect(section?.length, `docs/errors.md's section ${name} says what it means and what to do`).to.be.above(120);
    }
  });

  it('InternalError says it is a bug to report', () => {
    const error = new InternalError('The key of Author (new #1) was not generated before it was needed.');
    expect(error.code).to.equal('INTERNAL_ERROR');
    expect(error.message).to.match(/^The key of .*\n {2}This is a bug in Tabula, not in your code: please report it/);
  });
});

describe('SQL node factories: SqlNodeError naming the fix', () => {
  it('an unknown join type lists the known ones (select)', () => {
    const on = eq(column('a'), column('b'));
    expect(() => select({ from: 't', joins: [{ type: 'cross' as 'inner', table: 'u', on }] }))
      .to.throw(SqlNodeError, 'Unknown join type "cross".\n  Use one of: inner, left.')
      .with.property('code', 'SQL_NODE');
  });

  it('an unknown comparison operator lists the known ones (compare)', () => {
    expect(() => compare(column('a'), '==' as '=', 1)).to.throw(SqlNodeError, 'Use one of: =, <>, <, <=, >, >=.');
  });

  it('a row of the wrong width says to give one value per column (insert)', () => {
    expect(() => insert({ table: 't', columns: ['a', 'b'], rows: [[1]] })).to.throw(
      SqlNodeError,
      'INSERT into t: a row has 1 values for 2 columns.\n  Give every row one value per column',
    );
  });

  it('a row of the list narrower than the row value on the left (inList)', () => {
    expect(() => inList(row(column('a'), column('b')), [[1]])).to.throw(SqlNodeError, 'a row of 1 values');
  });

  it('a function Tabula does not compile names the ones it does (fn)', () => {
    expect(() => fn('pg_sleep' as FunctionName, column('a'))).to.throw(SqlNodeError, 'Use one of: count, sum');
  });

  it('sql.id with no names', () => {
    expect(() => sql.id()).to.throw(SqlNodeError, 'sql.id takes one to three names, got 0.');
  });
});

describeEachDialect(
  'errors that used to be bare TabulaErrors, through the public API',
  (ctx) => {
    let db: Database | undefined;
    const database = () => db as Database;
    before(async () => {
      db = await connect(ctx.url);
    });
    after(async () => db?.close());

    it('a hand-built node of an unknown kind: SqlNodeError (compiler)', async () => {
      const error = await expectRejection(database().query({ kind: 'bogus' } as never), SqlNodeError);
      expect(error.message).to.include('Cannot compile a node of kind "bogus"');
      expect(error.message).to.include("Build nodes with Tabula's factories");
    });

    it('a table description without columns: DdlError naming the table (ddl validation)', () => {
      let error: unknown;
      try {
        database().dialect.ddl.createTable({ name: 't_err_none', columns: [] });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(DdlError);
      expect(error).to.include({ code: 'DDL', table: 't_err_none' });
      expect((error as DdlError).message).to.equal('Table t_err_none has no columns.\n  Describe at least one column.');
    });

    it('an index without columns, and a current-timestamp default on a date: DdlError (DDL writer)', () => {
      const { ddl } = database().dialect;
      expect(() => ddl.createIndex('t', { name: 'i', columns: [] })).to.throw(DdlError, 'Index i names no columns.');
      const id = { name: 'id', type: { kind: 'integer' as const }, primaryKey: true };
      const day = { name: 'd', type: { kind: 'date' as const }, default: { kind: 'current-timestamp' as const } };
      expect(() => ddl.createTable({ name: 't', columns: [id, day] })).to.throw(DdlError, 'Make the column datetime');
    });

    it('a default the DDL cannot write as a literal: UnsupportedError (DDL writer)', () => {
      const id = { name: 'id', type: { kind: 'integer' as const }, primaryKey: true };
      const blob = {
        name: 'b',
        type: { kind: 'blob' as const },
        default: { kind: 'value' as const, value: Buffer.of(1) },
      };
      expect(() => database().dialect.ddl.createTable({ name: 't', columns: [id, blob] })).to.throw(
        UnsupportedError,
        'Column t.b: SQLite DDL cannot write this default as a literal.\n  Give the column no default',
      );
    });

    describe('flush', () => {
      class ErrTag {
        id?: number;
        constructor(public name: string) {}
      }
      const ErrTagMapper = defineEntity(ErrTag, {
        table: 't_err_tags',
        properties: { id: p.integer().primaryKey().generated(), name: p.string({ length: 20 }) },
      });
      class ErrPair {
        a?: number;
        b?: number;
        name = 'pair';
      }
      const ErrPairMapper = defineEntity(ErrPair, {
        table: 't_err_pairs',
        properties: {
          a: p.integer().primaryKey().generated(),
          b: p.integer().primaryKey().generated(),
          name: p.string({ length: 20 }),
        },
      });

      it('a trigger that skips a row of an INSERT: UnexpectedResultError naming the table, nothing written', async () => {
        // One row per statement (a bind ceiling of 1), so the flush is two statements in a transaction: a
        // one-statement flush goes without one, and stays written (spec/flush/round-trips.spec.ts).
        const orm = await TabulaOrm.connect({
          url: ctx.url,
          mappers: [ErrTagMapper],
          capabilities: { maxBindParameters: 1 },
        });
        try {
          await orm.schema.drop();
          await orm.schema.create();
          await orm.db.execute(
            sql`create trigger t_err_tags_skip before insert on t_err_tags when new.name = 'skip' begin select raise(ignore); end`,
          );
          const em = orm.em.fork();
          em.persist(new ErrTag('kept'), new ErrTag('skip'));
          const error = await expectRejection(em.flush(), UnexpectedResultError);
          expect(error).to.include({ code: 'UNEXPECTED_RESULT', table: 't_err_tags' });
          expect(error.message).to.equal(
            'INSERT into t_err_tags returned 0 keys for 1 rows; the flush was rolled back.\n' +
              '  A trigger or rule on t_err_tags skips or adds rows: let it insert every row as sent.',
          );
          expect(await orm.db.query(sql`select name from t_err_tags`)).to.deep.equal([]);
        } finally {
          await orm.schema.drop();
          await orm.close();
        }
      });

      it('two generated key columns: DdlError from schema.create, UnsupportedError from flush', async () => {
        const orm = await TabulaOrm.connect({ url: ctx.url, mappers: [ErrPairMapper] });
        try {
          await orm.schema.drop();
          const refused = await expectRejection(orm.schema.create(), DdlError);
          expect(refused).to.include({ table: 't_err_pairs' });
          expect(refused.message).to.include("must be the table's only primary-key column (a, b)");
          await orm.db.execute(
            sql`create table t_err_pairs (a integer, b integer, name varchar(20), primary key (a, b))`,
          );
          const em = orm.em.fork();
          em.persist(new ErrPair());
          const error = await expectRejection(em.flush(), UnsupportedError);
          expect(error.message).to.equal(
            't_err_pairs: only one generated key column is supported.\n' +
              '  Keep .generated() on one key property and assign the other key values yourself.',
          );
        } finally {
          await orm.schema.drop();
          await orm.close();
        }
      });
    });
  },
  { only: ['sqlite'] },
);
