import { expect } from 'chai';

/**
 * Awaits `promise` and fails the test when it resolves; returns the rejection after checking
 * it is an instance of `type`.
 */
export async function expectRejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  let value: unknown;
  try {
    value = await promise;
  } catch (e) {
    expect(e, `expected a ${type.name}, got ${String(e)}`).to.be.instanceOf(type);
    return e as E;
  }
  expect.fail(`expected a rejection with ${type.name}, but the promise resolved with ${String(value)}`);
}
