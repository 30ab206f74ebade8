import { expect } from 'chai';
import { checkBoolean, readBoolean } from '../../lib/types/boolean';
import { expectValueError } from './support/expect-thrown';

describe('boolean', () => {
  it('checkBoolean takes true and false only', () => {
    expect([checkBoolean(true, 'ok'), checkBoolean(false, 'ok')]).to.deep.equal([true, false]);
    expectValueError(() => checkBoolean(1, 'ok'), 'Cannot write 1 to column ok: expected true or false.', 'ok');
    expectValueError(
      () => checkBoolean('true', 'ok'),
      'Cannot write "true" to column ok: expected true or false.',
      'ok',
    );
  });

  it('readBoolean reads booleans and 0/1 (as numbers or strings)', () => {
    expect([true, false, 1, 0, '1', '0'].map(readBoolean)).to.deep.equal([true, false, true, false, true, false]);
  });

  it('readBoolean raises for other numbers rather than guess', () => {
    expectValueError(() => readBoolean(2), 'Cannot read 2 from a boolean column: expected true, false, 1 or 0.');
    expectValueError(() => readBoolean('t'), 'Cannot read "t" from a boolean column: expected true, false, 1 or 0.');
  });
});
