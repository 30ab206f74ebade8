process.env.TZ = 'America/New_York';

import { expect } from 'chai';
import { ValueError } from '../../lib/errors';
import { describeEachDialect } from '../support/matrix';
import { thrownBy } from './support/expect-thrown';
import { openPooledDatabase, type PooledDatabase } from './support/pooled-database';
import { expectRoundTrip } from './support/round-trip';

const EMOJI = '😀👍🏽🇫🇷';
const COMBINING = 'e\u0301 a\u0308\u0304';

describeEachDialect('text, json and blob column types round trip', (ctx) => {
  let db: PooledDatabase;
  before(async () => {
    db = await openPooledDatabase(ctx);
  });
  after(async () => {
    await db.close();
  });

  it('string(20): keeps "", emoji, combining characters and 20 emoji (80 bytes) in 20 characters', async () => {
    const values = ['', EMOJI, COMBINING, '😀'.repeat(20), 'it\'s "quoted" \\ %_', null];
    await expectRoundTrip(db, 't_types_string', { kind: 'string', length: 20 }, values);
  });

  it('string with the default length 255: keeps 255 characters', async () => {
    await expectRoundTrip(db, 't_types_string_default', { kind: 'string' }, ['é'.repeat(255)]);
  });

  it('text: keeps "", emoji, combining characters and 100,000 characters', async () => {
    const values = ['', EMOJI, COMBINING, 'x'.repeat(100_000), null];
    await expectRoundTrip(db, 't_types_text', { kind: 'text' }, values);
  });

  it('string and text: keep a NUL character (PostgreSQL: refused with ValueError before any SQL)', async () => {
    const value = 'a\0b';
    if (ctx.dialect === 'postgres') {
      const error = thrownBy(() => db.types.toDriver({ kind: 'text' }, value, 'notes'));
      expect(error).to.be.instanceOf(ValueError);
      expect((error as ValueError).column).to.equal('notes');
      expect((error as ValueError).message).to.equal(
        'Cannot write a string with a NUL character (U+0000) at index 1 to column notes: expected text without NUL characters.\n' +
          '  PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.',
      );
      return;
    }
    await expectRoundTrip(db, 't_types_string_nul', { kind: 'string', length: 5 }, [value]);
    await expectRoundTrip(db, 't_types_text_nul', { kind: 'text' }, [value, '\0']);
  });

  it('uuid: writes and reads lower case', async () => {
    const values = ['123E4567-E89B-12D3-A456-426614174000', '00000000-0000-0000-0000-000000000000', null];
    const expected = ['123e4567-e89b-12d3-a456-426614174000', '00000000-0000-0000-0000-000000000000', null];
    await expectRoundTrip(db, 't_types_uuid', { kind: 'uuid' }, values, expected);
  });

  it('enum: keeps each value, quotes included', async () => {
    const type = { kind: 'enum', values: ['draft', 'published', "it's"] } as const;
    await expectRoundTrip(db, 't_types_enum', type, ['draft', 'published', "it's", null]);
  });

  it('json: keeps objects, arrays, strings, numbers, booleans and emoji', async () => {
    const values = [
      { title: 'Tabula', tags: ['orm', EMOJI], nested: { n: 1.5, ok: true, none: null } },
      [1, 'two', [3], {}],
      'just a string',
      0,
      -12.5e-7,
      false,
      null,
    ];
    await expectRoundTrip(db, 't_types_json', { kind: 'json' }, values);
  });

  it('json: keeps a NUL character in a string (PostgreSQL jsonb: refused with ValueError before any SQL)', async () => {
    const value = { note: 'a\0b' };
    if (ctx.dialect === 'postgres') {
      const error = thrownBy(() => db.types.toDriver({ kind: 'json' }, value, 'doc'));
      expect(error).to.be.instanceOf(ValueError);
      expect((error as ValueError).message).to.equal(
        'Cannot write a string with a NUL character (U+0000) at index 1 at $.note to column doc: expected text without NUL characters.\n' +
          '  PostgreSQL text cannot hold U+0000: remove it, or store the data in a blob column.',
      );
      return;
    }
    await expectRoundTrip(db, 't_types_json_nul', { kind: 'json' }, [value]);
  });

  it('blob: keeps empty, binary and 1 MiB values; a Uint8Array comes back as a Buffer', async () => {
    const large = Buffer.alloc(1024 * 1024, 0);
    for (let i = 0; i < large.length; i++) large[i] = (i * 7) % 256;
    const bytes = Buffer.from([0, 255, 1, 0x80, 0]);
    const values = [Buffer.alloc(0), bytes, new Uint8Array([9, 0, 9]), large, null];
    const expected = [Buffer.alloc(0), bytes, Buffer.from([9, 0, 9]), large, null];
    await expectRoundTrip(db, 't_types_blob', { kind: 'blob' }, values, expected);
  });
});
