/**
 * Drivers are optional peer dependencies: loaded only when their dialect is opened, and a missing
 * one is a typed error naming the package to install.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DriverNotInstalledError } from '../../lib/errors';
import { loadDriver } from '../../lib/dialects/load-driver';
import { expectRejection } from '../support/expect-rejection';

const ROOT = resolve(__dirname, '..', '..');

describe('loading database drivers', () => {
  it('names the package to install when a driver is missing', async () => {
    // A real failed import: the package does not exist in node_modules.
    const error = await expectRejection(
      loadDriver('tabula-no-such-driver', 'PostgreSQL', () => import('tabula-no-such-driver' as string)),
      DriverNotInstalledError,
    );
    expect(error.code).to.equal('DRIVER_NOT_INSTALLED');
    expect(error.message).to.equal(
      'The PostgreSQL driver is not installed: Tabula opens PostgreSQL databases through the package tabula-no-such-driver.\n' +
        '  Install it beside tabula-orm: npm install tabula-no-such-driver',
    );
    expect((error.cause as { code?: string }).code).to.be.oneOf(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']);
  });

  it('passes on the error of a driver that is installed but fails to load', async () => {
    const broken = new Error('native binding failed');
    const error = await expectRejection(
      loadDriver('sqlite3', 'SQLite', () => Promise.reject(broken)),
      Error,
    );
    expect(error).to.equal(broken);
  });

  it('loads no driver on import, and only the one of the dialect it opens', () => {
    // A child process: this one has loaded every driver already.
    const script = `
      require('tsx/cjs');
      const loaded = () => ['pg', 'mysql2', 'sqlite3', 'inversify'].filter((name) =>
        Object.keys(require.cache).some((k) => k.includes('/node_modules/' + name + '/')));
      const { Tabula } = require('./lib');
      const before = loaded();
      Tabula.connect({ url: 'sqlite::memory:', mappers: [] })
        .then((orm) => orm.close())
        .then(() => console.log(JSON.stringify({ before, after: loaded() })));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out.trim().split('\n').pop() as string)).to.deep.equal({ before: [], after: ['sqlite3'] });
  });
});
