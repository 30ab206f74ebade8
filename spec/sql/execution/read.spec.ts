import { expect } from 'chai';
import {
  and,
  arithmetic,
  caseWhen,
  column,
  countAll,
  eq,
  escapeLikePattern,
  exists,
  fn,
  gte,
  ilike,
  inList,
  insert,
  isNull,
  like,
  notInList,
  row,
  select,
  table,
} from '../../../lib/sql/nodes';
import { sql } from '../../../lib/sql/raw';
import { describeEachDialect } from '../../support/matrix';
import { AUTHORS, BOOKS } from '../support/library-tables';
import { createTables, dropTables } from '../support/tables';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

const big = { kind: 'bigint' } as const;
const title = column('title', { table: 'b' });
const authorName = column('name', { table: 'a' });

describeEachDialect('reading statements executed', (ctx) => {
  // A nested suite, so its after hook runs before the matrix removes the SQLite file.
  describe('on authors and books', () => {
    let db: TestDatabase;
    const titles = async (where: Parameters<typeof select>[0]['where']) =>
      (
        await db.run(select({ columns: [column('title')], from: BOOKS.name, where, orderBy: [column('title')] }))
      ).rows.map((r) => r.title);

    before(async () => {
      db = await openTestDatabase(ctx);
      await createTables(db, [AUTHORS, BOOKS]);
      await db.run(insert({ table: AUTHORS.name, columns: ['name'], rows: [['Ann'], ['Bob'], ['Cy']] }));
      await db.run(
        insert({
          table: BOOKS.name,
          columns: ['id', 'author_id', 'title', 'version'],
          rows: [
            ['1', 1, 'Dune', 3],
            ['2', 1, 'Emma', 1],
            ['3', 2, 'a_b', 2],
            ['4', 2, 'axb', 5],
            ['9007199254740993', null, 'Éé', 4],
          ],
        }),
      );
    });

    after(async () => {
      await dropTables(db, [AUTHORS.name, BOOKS.name]);
      await db.close();
    });

    it('joins, groups, filters groups with HAVING and orders', async () => {
      const node = select({
        columns: [
          { expression: authorName, alias: 'author' },
          { expression: countAll(), alias: 'books' },
        ],
        from: table(BOOKS.name, 'b'),
        joins: [
          {
            table: table(AUTHORS.name, 'a'),
            on: eq(column('id', { table: 'a' }), column('author_id', { table: 'b' })),
          },
        ],
        groupBy: [authorName],
        having: gte(countAll(), 2),
        orderBy: [{ expression: column('author'), direction: 'desc' }],
      });
      const { rows } = await db.run(node);
      expect(rows.map((r) => [r.author, Number(r.books)])).to.deep.equal([
        ['Bob', 2],
        ['Ann', 2],
      ]);
    });

    it('left-joins authors without books and sorts their NULL titles first or last on request', async () => {
      const base = {
        columns: [{ expression: authorName, alias: 'author' }, title],
        from: table(AUTHORS.name, 'a'),
        joins: [
          {
            type: 'left' as const,
            table: table(BOOKS.name, 'b'),
            on: eq(column('author_id', { table: 'b' }), column('id', { table: 'a' })),
          },
        ],
      };
      const first = await db.run(
        select({ ...base, orderBy: [{ expression: title, direction: 'asc', nulls: 'first' }] }),
      );
      expect(first.rows.map((r) => r.title)).to.deep.equal([null, 'Dune', 'Emma', 'a_b', 'axb']);
      const last = await db.run(
        select({ ...base, orderBy: [{ expression: title, direction: 'desc', nulls: 'last' }] }),
      );
      expect(last.rows.map((r) => r.title)).to.deep.equal(['axb', 'a_b', 'Emma', 'Dune', null]);
    });

    it('pages with LIMIT and OFFSET, and with an OFFSET alone', async () => {
      const page = (limit: number | undefined, offset: number) =>
        db.run(
          select({
            columns: [column('version')],
            from: BOOKS.name,
            orderBy: [column('version')],
            ...(limit === undefined ? {} : { limit }),
            offset,
          }),
        );
      expect((await page(2, 1)).rows.map((r) => r.version)).to.deep.equal([2, 3]);
      expect((await page(undefined, 3)).rows.map((r) => r.version)).to.deep.equal([4, 5]);
    });

    it('reads a bigint beyond 2^53 exactly (as text through CAST on SQLite)', async () => {
      const where = eq(column('title'), 'Éé');
      const typed = await db.run(select({ columns: [column('id', { type: big })], from: BOOKS.name, where }));
      expect(typed.rows).to.deep.equal([{ id: '9007199254740993' }]);
      const untyped = await db.run(select({ columns: [column('id')], from: BOOKS.name, where }));
      // Without the column type SQLite's driver hands back a double, which rounds: why the CAST exists.
      expect(untyped.rows[0]?.id).to.equal(ctx.dialect === 'sqlite' ? 9007199254740992 : '9007199254740993');
    });

    it('matches LIKE case-sensitively, honours the escape character, and ILIKE ignores case', async () => {
      expect(await titles(like(column('title'), 'd%'))).to.deep.equal([]);
      expect(await titles(like(column('title'), 'D%'))).to.deep.equal(['Dune']);
      expect(await titles(like(column('title'), 'a_b'))).to.deep.equal(['a_b', 'axb']);
      expect(await titles(like(column('title'), escapeLikePattern('a_b')))).to.deep.equal(['a_b']);
      expect(await titles(like(column('title'), 'a!_%', { escape: '!' }))).to.deep.equal(['a_b']);
      expect(await titles(ilike(column('title'), 'd%'))).to.deep.equal(['Dune']);
      expect(await titles(like(column('title'), 'D%', { negated: true }))).to.deep.equal(['Emma', 'a_b', 'axb', 'Éé']);
    });

    it('filters with IN lists, row values, empty lists, EXISTS and IS NULL', async () => {
      expect(await titles(inList(column('version'), [1, 5]))).to.deep.equal(['Emma', 'axb']);
      expect(
        await titles(
          inList(row(column('author_id'), column('version')), [
            [1, 3],
            [2, 2],
            [2, 3],
          ]),
        ),
      ).to.deep.equal(['Dune', 'a_b']);
      expect(await titles(inList(column('version'), []))).to.deep.equal([]);
      expect(await titles(notInList(column('version'), []))).to.have.length(5);
      const byAnn = select({
        from: table(AUTHORS.name, 'a'),
        where: and(eq(column('id', { table: 'a' }), column('author_id', { table: BOOKS.name })), eq(authorName, 'Ann')),
      });
      expect(await titles(exists(byAnn))).to.deep.equal(['Dune', 'Emma']);
      expect(await titles(isNull(column('author_id')))).to.deep.equal(['Éé']);
    });

    it('computes CASE, arithmetic and functions alike everywhere (LENGTH counts characters)', async () => {
      const node = select({
        columns: [
          { expression: caseWhen([{ when: gte(column('version'), 3), result: 'new' }], 'old'), alias: 'age' },
          { expression: arithmetic(arithmetic(column('version'), '+', 1), '*', 2), alias: 'doubled' },
          { expression: fn('length', column('title')), alias: 'chars' },
          { expression: fn('upper', column('title')), alias: 'shout' },
          { expression: fn('coalesce', column('author_id'), arithmetic(column('version'), '-', 10)), alias: 'who' },
        ],
        from: BOOKS.name,
        where: inList(column('version'), [1, 4]),
        orderBy: [column('version')],
      });
      const { rows } = await db.run(node);
      expect(
        rows.map((r) => ({ ...r, doubled: Number(r.doubled), chars: Number(r.chars), who: Number(r.who) })),
      ).to.deep.equal([
        { age: 'old', doubled: 4, chars: 4, shout: 'EMMA', who: 1 },
        { age: 'new', doubled: 10, chars: 2, shout: await expectedUpper('Éé'), who: -6 },
      ]);
    });

    /**
     * UPPER beyond ASCII differs: SQLite folds ASCII only (no ICU), MySQL folds by collation, and
     * PostgreSQL follows the database's LC_CTYPE (ASCII only under the C locale).
     */
    async function expectedUpper(text: string): Promise<string> {
      if (ctx.dialect === 'sqlite') return text.replace(/[a-z]/g, (c) => c.toUpperCase());
      if (ctx.dialect === 'mysql') return text.toUpperCase();
      const { rows } = await db.query('SHOW lc_ctype');
      const asciiOnly = rows[0]?.lc_ctype === 'C' || rows[0]?.lc_ctype === 'POSIX';
      return asciiOnly ? text.replace(/[a-z]/g, (c) => c.toUpperCase()) : text.toUpperCase();
    }

    it('runs a raw sql template with identifiers, values and a nested fragment', async () => {
      const minimum = sql`${sql.id('version')} >= ${3}`;
      const { rows } = await db.run(
        sql`SELECT ${sql.id('title')} FROM ${sql.id(BOOKS.name)} WHERE ${minimum} AND ${sql.id('title')} IN (${sql.join(['Dune', 'axb', 'Emma'])}) ORDER BY 1`,
      );
      expect(rows).to.deep.equal([{ title: 'Dune' }, { title: 'axb' }]);
    });
  });
});
