import { expect } from 'chai';
import { checkBlob, readBlob } from '../../lib/types/blob';
import { expectValueError } from './support/expect-thrown';

describe('blob', () => {
  it('checkBlob takes a Buffer as it is', () => {
    const bytes = Buffer.from([0, 1, 255]);
    expect(checkBlob(bytes, 'data')).to.equal(bytes);
  });

  it('checkBlob wraps a Uint8Array view without copying, keeping its offset', () => {
    const backing = new Uint8Array([1, 2, 3, 4]);
    const view = backing.subarray(1, 3);
    const wrapped = checkBlob(view, 'data');
    expect(Buffer.isBuffer(wrapped)).to.equal(true);
    expect([...wrapped]).to.deep.equal([2, 3]);
    backing[1] = 9;
    expect([...wrapped]).to.deep.equal([9, 3]);
  });

  it('checkBlob refuses strings, arrays and ArrayBuffers', () => {
    expectValueError(
      () => checkBlob('abc', 'data'),
      'Cannot write "abc" to column data: expected a Buffer or a Uint8Array.',
      'data',
    );
    expectValueError(
      () => checkBlob([1], 'data'),
      'Cannot write an array to column data: expected a Buffer or a Uint8Array.',
      'data',
    );
    expectValueError(
      () => checkBlob(new ArrayBuffer(2), 'data'),
      'Cannot write an ArrayBuffer to column data: expected a Buffer or a Uint8Array.',
      'data',
    );
  });

  it('readBlob reads Buffers and wraps Uint8Arrays', () => {
    expect(readBlob(Buffer.from([7]))).to.deep.equal(Buffer.from([7]));
    expect(readBlob(new Uint8Array([8]))).to.deep.equal(Buffer.from([8]));
    expectValueError(() => readBlob('\\x07'), 'Cannot read "\\\\x07" from a blob column: expected a Buffer.');
  });
});
