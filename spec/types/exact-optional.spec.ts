/**
 * Tabula under `exactOptionalPropertyTypes: true`, as an application may compile it. The code
 * below is what such an application writes: options filled from values that may be `undefined`
 * (a query parameter, an optional setting), each meaning "not given", as Tabula reads them. The
 * main tsconfig checks it as usual; spec/types/tsconfig.exact.json checks it, with `lib/` and the
 * other type specs, with the option on — and the `it` below runs that check.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import * as ts from 'typescript';
import { Album, Artist, Track } from '../../fixtures/chinook/entities';
import { defineEntity, type EntityManager, p, type ReferentialAction, Tabula } from '../../lib';
import { select } from '../../lib/entry-points/sql';
import { describeDiagnostic, readTsconfig } from './support/compiler';

/** What a request or a settings file hands over: every field may be missing. */
interface Maybe {
  after: string | undefined;
  limit: number | undefined;
  offset: number | undefined;
  readOnly: boolean | undefined;
  length: number | undefined;
  onDelete: ReferentialAction | undefined;
  table: string | undefined;
  poolSize: number | undefined;
  url: string | undefined;
}

async function pageOfTracks(em: EntityManager, maybe: Maybe) {
  const page = await em.findByCursor(Track, {}, { first: 20, after: maybe.after, orderBy: { name: 'asc' } });
  const albums = await em.find(Album, {}, { limit: maybe.limit, offset: maybe.offset, readOnly: maybe.readOnly });
  const count = await em.updateWhere(Track, { trackId: 1 }, { composer: null }, { all: maybe.readOnly });
  for await (const artist of em.stream(Artist, {}, { batchSize: maybe.limit, tracked: maybe.readOnly })) void artist;
  return [page, albums, count];
}

function mapping(maybe: Maybe) {
  class Label {
    id?: number;
    name = '';
    parent: Label | null = null;
  }
  return defineEntity(Label, {
    table: maybe.table,
    discriminator: { length: maybe.length },
    properties: {
      id: p.integer().primaryKey().generated(),
      name: p.string({ length: maybe.length }),
      parent: p.manyToOne(() => Label, { onDelete: maybe.onDelete }).nullable(),
    },
    indexes: [{ properties: ['name'], unique: maybe.readOnly, name: maybe.table }],
  });
}

function connecting(maybe: Maybe) {
  return Tabula.connect({ url: maybe.url ?? 'sqlite::memory:', mappers: [], pool: { size: maybe.poolSize } });
}

function sqlOptions(maybe: Maybe) {
  return select({ from: 'tracks', limit: maybe.limit, offset: maybe.offset, where: undefined });
}

describe('types under exactOptionalPropertyTypes (spec/types/tsconfig.exact.json)', () => {
  it('type-checks lib/ and the type specs with the option on', function () {
    this.timeout(120_000);
    // The functions above are only compiled, never called.
    expect([pageOfTracks, mapping, connecting, sqlOptions].map((f) => typeof f)).to.deep.equal(
      Array(4).fill('function'),
    );
    const config = readTsconfig(resolve(__dirname, 'tsconfig.exact.json'));
    expect(config.options.exactOptionalPropertyTypes).to.equal(true);
    const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}:${describeDiagnostic(d)}`);
    expect(errors).to.deep.equal([]);
  });
});
