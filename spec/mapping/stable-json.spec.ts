import { expect } from 'chai';
import { stableJson } from '../../lib/mapping/hot-paths/stable-json';

describe('stableJson', () => {
  it('serialises objects with their keys sorted at every level, arrays in order', () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).to.equal(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal text for equal values built in a different key order', () => {
    expect(stableJson({ x: 1, y: [1, 2] })).to.equal(stableJson({ y: [1, 2], x: 1 }));
  });

  it('maps null and undefined to null (SQL NULL), and serialises Dates as JSON does', () => {
    expect([stableJson(null), stableJson(undefined), stableJson({ at: new Date(0) })]).to.deep.equal([
      null,
      null,
      '{"at":"1970-01-01T00:00:00.000Z"}',
    ]);
  });
});
