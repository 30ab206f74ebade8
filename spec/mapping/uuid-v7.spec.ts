import { expect } from 'chai';
import { uuidV7 } from '../../lib/mapping';

describe('uuidV7', () => {
  // The generator never goes back in time within a process (ids made earlier in the run, at the
  // real time, would win over a past instant), so the instants given here lie a little ahead.
  it('puts the millisecond time first, then version 7 and the RFC 9562 variant', () => {
    const at = Date.now() + 1_000;
    const id = uuidV7(at);
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(at);
  });

  it('never goes back in time: an earlier instant gets the last one used', () => {
    const at = Date.now() + 1_500;
    uuidV7(at);
    const id = uuidV7(at - 60_000);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(at);
  });

  it('sorts in creation order, also within one millisecond', () => {
    const now = Date.now() + 2_000;
    const ids = Array.from({ length: 5000 }, () => uuidV7(now));
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(5000);
  });
});
