/** Asserts that a synchronous call throws exactly this error class, message and column. */
import { expect } from 'chai';
import { ValueError } from '../../../lib/errors';

type ErrorClass = abstract new (...args: never[]) => Error;

export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** The call throws `errorClass` with exactly `message`. */
export function expectThrown(fn: () => unknown, errorClass: ErrorClass, message: string): void {
  const error = thrownBy(fn);
  expect(error).to.be.instanceOf(errorClass);
  expect((error as Error).message).to.equal(message);
}

/** The call throws a ValueError with exactly `message`, naming `column` (undefined: none). */
export function expectValueError(fn: () => unknown, message: string, column?: string): void {
  const error = thrownBy(fn);
  expect(error).to.be.instanceOf(ValueError);
  expect((error as ValueError).message).to.equal(message);
  expect((error as ValueError).column).to.equal(column);
}
