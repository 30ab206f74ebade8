import { expect } from 'chai';
import { MysqlDdl } from '../../../lib/dialects/mysql/ddl';
import { TabulaError } from '../../../lib/errors';
import { AUTHORS, BOOKS, EDITIONS } from '../../sql/support/library-tables';
import { realTypes } from '../../sql/support/test-types';

const ddl = new MysqlDdl(realTypes('mysql'));
const OPTIONS = ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

describe('MysqlDdl', () => {
  it('creates AUTO_INCREMENT keys in InnoDB utf8mb4_bin tables', () => {
    expect(ddl.createTable(AUTHORS)).to.deep.equal([
      `CREATE TABLE \`t_sql_authors\` (
  \`id\` INT NOT NULL AUTO_INCREMENT,
  \`name\` VARCHAR(100) NOT NULL,
  \`email\` VARCHAR(255),
  PRIMARY KEY (\`id\`),
  CONSTRAINT \`t_sql_authors_email_key\` UNIQUE (\`email\`)
)${OPTIONS}`,
    ]);
  });

  it('uses the native ENUM with no CHECK, and writes defaults, indexes (inline, so foreign keys reuse them) and foreign keys', () => {
    expect(ddl.createTable(BOOKS)).to.deep.equal([
      `CREATE TABLE \`t_sql_books\` (
  \`id\` BIGINT NOT NULL AUTO_INCREMENT,
  \`author_id\` INT,
  \`title\` VARCHAR(200) NOT NULL,
  \`status\` ENUM('draft','editor''s','out') NOT NULL DEFAULT 'draft',
  \`price\` DECIMAL(10,2) NOT NULL DEFAULT '0.00',
  \`version\` INT NOT NULL DEFAULT 1,
  \`in_print\` TINYINT(1) NOT NULL DEFAULT 1,
  CONSTRAINT \`t_sql_books_pkey\` PRIMARY KEY (\`id\`),
  INDEX \`t_sql_books_title_idx\` (\`title\`, \`status\`),
  CONSTRAINT \`t_sql_books_author_fk\` FOREIGN KEY (\`author_id\`) REFERENCES \`t_sql_authors\` (\`id\`) ON DELETE SET NULL ON UPDATE CASCADE
)${OPTIONS}`,
    ]);
  });

  it('defaults a DATETIME(3) to CURRENT_TIMESTAMP(3)', () => {
    expect(ddl.createTable(EDITIONS)[0]).to.contain('`printed_at` DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3),');
  });

  it('drops indexes by table and name, and refuses CASCADE, which MySQL ignores', () => {
    expect(ddl.dropTable('t', { ifExists: true })).to.deep.equal(['DROP TABLE IF EXISTS `t`']);
    expect(ddl.dropIndex('t', 'i')).to.equal('DROP INDEX `i` ON `t`');
    expect(() => ddl.dropTable('t', { cascade: true })).to.throw(
      TabulaError,
      'MySQL/MariaDB does not support DROP TABLE',
    );
  });
});
