import { expect } from 'chai';
import {
  codeRevision,
  finishProvenance,
  type Provenance,
  provenanceText,
  startProvenance,
} from '../../benchmarks/harness/provenance';

const sample: Provenance = {
  commit: 'abc1234',
  dirty: false,
  tabula: 'tabula 0.1.0',
  cpu: 'Intel(R) Xeon(R) Processor',
  cores: 2,
  memoryGiB: 24,
  os: 'linux x64',
  node: 'v20.20.2',
  database: 'PostgreSQL 15.18',
  loadStart: [0.5, 0.4, 0.3],
  loadEnd: [1.25, 0.6, 0.35],
  startedAt: '2026-12-07T18:00:10.000Z',
  endedAt: '2026-12-07T18:20:50.000Z',
};

describe('benchmarks: provenance', () => {
  it('says which code, machine, load and database produced the figures', () => {
    const text = provenanceText(sample);
    for (const part of [
      'code `abc1234` (clean), tabula 0.1.0',
      '2 × Intel(R) Xeon(R) Processor, 24 GiB RAM, linux x64, Node v20.20.2',
      'database PostgreSQL 15.18',
      'Run 2026-12-07 18:00 UTC to 2026-12-07 18:20 UTC',
      '0.50 / 0.40 / 0.30 at the start, 1.25 / 0.60 / 0.35 at the end',
    ]) {
      expect(text).to.include(part);
    }
  });

  it('marks figures from uncommitted code as dirty', () => {
    expect(provenanceText({ ...sample, dirty: true })).to.include('`abc1234` **with uncommitted changes** (dirty)');
  });

  it('says whether Tabula ran from its build or from its TypeScript source', () => {
    expect(provenanceText({ ...sample, tabulaCode: 'build' })).to.include(
      'tabula 0.1.0 run from its build (`dist/cjs`);',
    );
    expect(provenanceText({ ...sample, tabulaCode: 'source' })).to.include(
      'tabula 0.1.0 run from its TypeScript source through tsx;',
    );
    expect(provenanceText(sample), 'a result saved before this was recorded').to.include('tabula 0.1.0;');
  });

  it('records this checkout and machine, with the load at the start and at the end', () => {
    const started = startProvenance('SQLite 3.52.0');
    const done = finishProvenance(started);
    expect(done.commit).to.match(/^[0-9a-f]{7,}$|^unknown$/);
    expect(done.dirty).to.equal(codeRevision().dirty);
    expect(done.cores).to.be.greaterThan(0);
    expect(done.loadStart).to.have.length(3);
    expect(done.loadEnd).to.have.length(3);
    expect(done.node).to.equal(process.version);
    expect(done.tabulaCode, 'mocha runs the source').to.equal('source');
    expect(Date.parse(done.endedAt)).to.be.at.least(Date.parse(done.startedAt));
  });
});
