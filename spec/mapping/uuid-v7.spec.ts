import { expect } from 'chai';
import { uuidV7 } from '../../lib/mapping';

describe('uuidV7', () => {
  it('puts the millisecond time first, then version 7 and the RFC 9562 variant', () => {
    const id = uuidV7(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(Date.UTC(2024, 0, 2, 3, 4, 5, 6));
  });

  it('sorts in creation order, also within one millisecond', () => {
    const now = Date.UTC(2024, 5, 1);
    const ids = Array.from({ length: 5000 }, () => uuidV7(now));
    expect([...ids].sort()).to.deep.equal(ids);
    expect(new Set(ids).size).to.equal(5000);
  });
});
