/** What the builders record: plain, frozen definitions the registry reads. */
import { expect } from 'chai';
import { Author } from '../../fixtures/entities/author';
import { AuthorMapper, BookMapper } from '../../fixtures/entities/mappers';
import { p } from '../../lib/mapping';

describe('property builders', () => {
  it('record the column type of every kind', () => {
    expect(
      [
        p.integer(),
        p.bigint(),
        p.bigint({ asNumber: true }),
        p.decimal({ precision: 10, scale: 2 }),
        p.float(),
        p.double(),
        p.boolean(),
        p.string({ length: 100 }),
        p.text(),
        p.uuid(),
        p.date(),
        p.datetime(),
        p.json(),
        p.enum(['a', 'b'] as const),
        p.blob(),
      ].map((b) => b.definition.type),
    ).to.deep.equal([
      { kind: 'integer' },
      { kind: 'bigint' },
      { kind: 'bigint', bigintAsNumber: true },
      { kind: 'decimal', precision: 10, scale: 2 },
      { kind: 'float' },
      { kind: 'double' },
      { kind: 'boolean' },
      { kind: 'string', length: 100 },
      { kind: 'text' },
      { kind: 'uuid' },
      { kind: 'date' },
      { kind: 'datetime' },
      { kind: 'json' },
      { kind: 'enum', values: ['a', 'b'] },
      { kind: 'blob' },
    ]);
  });

  it('record column options, each call returning a new frozen builder', () => {
    const base = p.string();
    const built = base.nullable().unique('uq_code').index().column('Code').default('x');
    expect(base.definition.nullable).to.equal(false);
    expect(Object.isFrozen(built.definition)).to.equal(true);
    expect(built.definition).to.deep.equal({
      kind: 'column',
      type: { kind: 'string' },
      nullable: true,
      primaryKey: false,
      unique: 'uq_code',
      index: true,
      column: 'Code',
      default: { value: 'x' },
      version: false,
    });
    expect(p.integer().primaryKey().generated().version().definition).to.include({
      primaryKey: true,
      generated: 'default',
      version: true,
    });
  });

  it('record relations with their options', () => {
    const { author, tags } = BookMapper.definition.properties;
    expect({ ...author?.definition, target: undefined }).to.deep.equal({
      kind: 'many-to-one',
      target: undefined,
      mappedBy: undefined,
      nullable: false,
      primaryKey: false,
      column: undefined,
      onDelete: 'cascade',
      cascade: [],
      orphanRemoval: false,
      pivot: undefined,
    });
    expect(tags?.definition).to.include({ kind: 'many-to-many', mappedBy: undefined });
    expect(AuthorMapper.definition.properties.books?.definition).to.include({
      kind: 'one-to-many',
      mappedBy: 'author',
      orphanRemoval: true,
    });
  });

  it('name a mapper after its class unless told otherwise', () => {
    expect([AuthorMapper.name, AuthorMapper.entityClass]).to.deep.equal(['AuthorMapper', Author]);
  });
});
