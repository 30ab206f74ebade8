/**
 * The error of a filter or `orderBy` that cannot be compiled: an unknown property or operator, a
 * value of the wrong type, an operator object where a value belongs. Thrown before any SQL exists.
 */
import { TabulaError } from '../errors/index.js';

/** A filter or `orderBy` names something the mapper does not have, or gives it a value it cannot take. */
export class QueryError extends TabulaError {
  override readonly code = 'QUERY';

  constructor(
    message: string,
    /** The property path the problem is at (`author.name`); empty for the filter as a whole. */
    readonly property: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static unknownProperty(mapper: string, path: string, known: readonly string[]): QueryError {
    return new QueryError(
      `${mapper} has no mapped property ${JSON.stringify(lastSegment(path))} (at ${path}).\n` +
        `  Filter on one of: ${known.join(', ')}.`,
      path,
    );
  }

  static unknownOperator(mapper: string, path: string, operator: string, allowed: readonly string[]): QueryError {
    return new QueryError(
      `${mapper}.${path}: unknown operator ${JSON.stringify(operator)}.\n  Use one of: ${allowed.join(' ')}.`,
      path,
    );
  }

  static invalid(mapper: string, path: string, why: string, cause?: unknown): QueryError {
    return new QueryError(`${mapper}.${path}: ${why}`, path, cause === undefined ? undefined : { cause });
  }
}

function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
