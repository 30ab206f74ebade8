import { expect } from 'chai';
import { MappingError } from '../../../lib/mapping';

/** Runs `build` and asserts it threw a MappingError with exactly this message, mapper and property. */
export function expectMappingError(
  build: () => unknown,
  expected: { readonly message: string; readonly mapper: string; readonly property?: string },
): void {
  let thrown: unknown;
  try {
    build();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a MappingError, but nothing was thrown').to.be.instanceOf(MappingError);
  const error = thrown as MappingError;
  expect({ message: error.message, mapper: error.mapper, property: error.property, code: error.code }).to.deep.equal({
    ...expected,
    property: expected.property,
    code: 'MAPPING',
  });
}
