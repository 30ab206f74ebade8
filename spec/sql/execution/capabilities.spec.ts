import { expect } from 'chai';
import { describeEachDialect } from '../../support/matrix';
import { openTestDatabase, type TestDatabase } from '../support/test-database';

describeEachDialect('capabilities for generated ids', (ctx) => {
  describe('as detected on connect', () => {
    let db: TestDatabase;

    before(async () => {
      db = await openTestDatabase(ctx);
    });
    after(() => db.close());

    it('reads the id step and whether multi-row INSERT ids are consecutive', async () => {
      const { insertIdStep, consecutiveInsertIds } = db.dialect.capabilities;
      if (ctx.dialect !== 'mysql') {
        // RETURNING hands back the ids, so the step and the lock mode do not apply.
        expect({ insertIdStep, consecutiveInsertIds }).to.deep.equal({ insertIdStep: 1, consecutiveInsertIds: true });
        return;
      }
      const { rows } = await db.query(
        'SELECT @@auto_increment_increment AS step, @@innodb_autoinc_lock_mode AS lock_mode',
      );
      const server = rows[0] as { step: unknown; lock_mode: unknown };
      expect({ insertIdStep, consecutiveInsertIds }).to.deep.equal({
        insertIdStep: Number(server.step),
        consecutiveInsertIds: Number(server.lock_mode) !== 2,
      });
    });
  });
});
