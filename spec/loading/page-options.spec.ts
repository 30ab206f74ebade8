/**
 * Page options and not-found messages often carry request input: a refusal is a QueryError that
 * names the option and the kind of value, and no message echoes the value (issue 16, defect 8).
 */
import { expect } from 'chai';
import { EntityNotFoundError } from '../../lib/errors';
import { QueryError } from '../../lib/query';
import { expectRejection } from '../support/expect-rejection';
import { describeEachDialect } from '../support/matrix';
import { Author, recordQueries, useSeededFind } from '../query/support/find-entities';

const HOSTILE = '5; DROP TABLE authors';

describeEachDialect('page options and not-found messages', (ctx) => {
  const { db } = useSeededFind(ctx);

  it('refuses a limit, offset or first that is not a whole number, naming the kind, not the value', async () => {
    const em = db().em.fork();
    const rec = recordQueries(db());
    const cases: [Promise<unknown>, string][] = [
      [
        em.find(Author, {}, { limit: HOSTILE as unknown as number }),
        'AuthorMapper.limit: must be a whole number of at least 0, got a string.',
      ],
      [
        em.find(Author, {}, { offset: -1 }),
        'AuthorMapper.offset: must be a whole number of at least 0, got a negative number.',
      ],
      [
        em.find(Author, {}, { limit: 2.5 }),
        'AuthorMapper.limit: must be a whole number of at least 0, got a fraction.',
      ],
      [
        em.findByCursor(Author, {}, { first: HOSTILE as unknown as number }),
        'AuthorMapper.first: must be a whole number of at least 1, got a string.',
      ],
      [
        em.findByCursor(Author, {}, { first: 0 }),
        'AuthorMapper.first: must be a whole number of at least 1, got a number below it.',
      ],
      [
        em.find(Author, {}, { limit: 2 ** 60 }),
        'AuthorMapper.limit: must be a whole number of at least 0, got a number past Number.MAX_SAFE_INTEGER.',
      ],
    ];
    for (const [promise, firstLine] of cases) {
      const error = await expectRejection(promise, QueryError);
      expect(error.message.split('\n')[0]).to.equal(firstLine);
      expect(error.message).to.not.contain('DROP');
    }
    expect(rec.stop()).to.deep.equal([]);
  });

  it('refuses a cursor that is not a string or not one of its own, without echoing it', async () => {
    const em = db().em.fork();
    const forged = await expectRejection(em.findByCursor(Author, {}, { first: 2, after: HOSTILE }), QueryError);
    expect(forged.message).to.not.contain('DROP');
    const notString = await expectRejection(
      em.findByCursor(Author, {}, { first: 2, after: { $ne: null } as unknown as string }),
      QueryError,
    );
    expect(notString.message).to.equal(
      'AuthorMapper.(cursor): is not a cursor this query returned (a cursor is a string).',
    );
  });

  it('says what findOneOrFail searched for, never the values', async () => {
    const em = db().em.fork();
    const byFilter = await expectRejection(
      em.findOneOrFail(Author, { name: 'secret@example.com' }),
      EntityNotFoundError,
    );
    expect(byFilter.message).to.equal('No Author matches the filter on name.');
    const byKey = await expectRejection(em.findOneOrFail(Author, 987654), EntityNotFoundError);
    expect(byKey.message).to.equal('No Author matches the key given.');
  });
});
