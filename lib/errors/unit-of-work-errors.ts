import { TabulaError } from './tabula-error.js';

/**
 * Rows of one flush reference each other only through NOT NULL foreign keys, so no order can
 * write them. Raised by planning, before any SQL runs.
 */
export class CommitOrderError extends TabulaError {
  override readonly code: string = 'COMMIT_CYCLE';
  constructor(
    /** The cycle, one `row -> row (fk)` step per entry. */
    readonly cycle: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

/**
 * Rows of one flush take unique values that other rows of it give up, in a cycle (two rows
 * swapping their emails): no order can write them, and no column of the constraint accepts the
 * temporary NULL that would break the cycle. Raised by planning, before any SQL runs.
 */
export class UniqueOrderError extends CommitOrderError {
  override readonly code = 'UNIQUE_CYCLE';
  constructor(
    cycle: readonly string[],
    /** The unique constraint, as plans name it: `accounts.email`, `seats (room, place)`. */
    readonly unique: string,
    /** The entities of the cycle (`Account#1`, `Account(new #2)`). */
    readonly entities: readonly string[],
    message: string,
  ) {
    super(cycle, message);
  }

  static cycle(cycle: readonly string[], unique: string, entities: readonly string[]): UniqueOrderError {
    const shown = cycle.length > 10 ? [...cycle.slice(0, 10), `… ${cycle.length - 10} more`] : cycle;
    return new UniqueOrderError(
      cycle,
      unique,
      entities,
      `Each of these rows must be written before the next (it gives up a value of unique ${unique} that the next ` +
        `one takes, or the next one depends on it), so none can be written first, and no column of the constraint ` +
        `accepts a temporary NULL:\n  ${shown.join('\n  ')}\n` +
        '  Make a column of the constraint nullable, or flush in two steps: first give one of these rows a value ' +
        'no row holds and flush, then set its final value and flush again.',
    );
  }
}

/**
 * An entity was used in a way its state does not allow: passed to a second EntityManager,
 * removed and then referenced, referenced without being persisted.
 */
export class EntityStateError extends TabulaError {
  override readonly code = 'ENTITY_STATE';

  static notSoftDeletable(className: string): EntityStateError {
    return new EntityStateError(
      `${className} is not soft-deletable, so restore() has nothing to undo.\n  Give its mapper softDelete: '<nullable datetime property>'.`,
    );
  }

  static managedElsewhere(entity: string): EntityStateError {
    return new EntityStateError(
      `${entity} is managed by another EntityManager.\n` +
        '  Each EntityManager tracks its own instances: load the row with this one (em.findOne), or detach it from the other first.',
    );
  }

  static referencesUnpersisted(entity: string, relation: string, target: string): EntityStateError {
    return new EntityStateError(
      `${entity}.${relation} references a ${target} that is not persisted.\n` +
        `  Call em.persist() on that ${target}, or add cascade: ['persist'] to the relation.`,
    );
  }

  static notAReference(entity: string, relation: string, target: string, got: string): EntityStateError {
    return new EntityStateError(
      `${entity}.${relation} holds a ${got}, not a ${target}.\n` +
        `  Assign the entity itself; for a key, em.getReference(${target}, key) gives one without a query.`,
    );
  }

  static referencesRemoved(entity: string, relation: string): EntityStateError {
    return new EntityStateError(
      `${entity}.${relation} references an entity that is scheduled for removal.\n` +
        '  Clear or replace the reference, or do not remove the referenced entity.',
    );
  }

  /** An inverse side and its owning side say different things about one member (docs/mapping.md, "Inverse sides"). */
  static inverseConflict(inverse: string, member: string, owning: string, ownerNow: string): EntityStateError {
    return new EntityStateError(
      `The two sides of one relation contradict each other: ${member} is in ${inverse}, but ${owning} was set to ${ownerNow}.\n` +
        `  Change one side only, or make both agree: ${owning} (the owning side) is what is written.`,
    );
  }

  /** A scalar foreign key and its relation were both changed, to different keys (docs/mapping.md). */
  static foreignKeyDisagrees(
    entity: string,
    scalar: string,
    relation: string,
    scalarValue: string,
    relationKey: string,
  ): EntityStateError {
    return new EntityStateError(
      `${entity}.${scalar} and ${entity}.${relation} were both changed and disagree: ${scalar} is ${scalarValue}, ${relation} references key ${relationKey}.\n` +
        `  Change one of the two (the other follows after the flush), or make them agree.`,
    );
  }

  static inverseTwoParents(member: string, first: string, second: string): EntityStateError {
    return new EntityStateError(
      `${member} was added to both ${first} and ${second}, but it can belong to one only.\n` +
        '  Take it out of one of the two arrays.',
    );
  }

  static inverseRemovalNotNull(member: string, inverse: string, owning: string): EntityStateError {
    return new EntityStateError(
      `${member} was taken out of ${inverse}, but ${owning} cannot be null, so it cannot be unlinked.\n` +
        '  Remove it (em.remove), add it to another parent, or map the inverse side with orphanRemoval.',
    );
  }

  static inverseNotLoaded(inverse: string, owning: string): EntityStateError {
    return new EntityStateError(
      `${inverse} was changed but never loaded, so Tabula cannot tell what was added or taken out.\n` +
        `  Load it first (populate, or em.populate), or change the owning side (${owning}) instead.`,
    );
  }

  static notAnEntity(value: unknown, operation: string): EntityStateError {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    return new EntityStateError(
      `em.${operation}() takes entity instances, got ${got}.\n` +
        `  Pass the entities themselves: em.${operation}(author, book), or em.${operation}(...list).`,
    );
  }

  /** A flush whose COMMIT outcome is unknown (CommitOutcomeUnknownError) wrote these entities, or did not. */
  static commitOutcomeUnknown(entities: readonly string[]): EntityStateError {
    const shown = entities.length > 10 ? [...entities.slice(0, 10), `… ${entities.length - 10} more`] : entities;
    return new EntityStateError(
      `Cannot flush ${shown.join(', ')}: the COMMIT of an earlier flush of ${entities.length === 1 ? 'it' : 'them'} ` +
        'lost its connection (CommitOutcomeUnknownError), so the database may or may not hold those changes; flushing again could write them twice.\n' +
        '  Reload managed entities with em.refresh(entity), detach new ones (em.detach) and look them up, or call em.clear() and load again.',
    );
  }

  static notManaged(entity: string, operation: string): EntityStateError {
    return new EntityStateError(
      `Cannot ${operation} ${entity}: this EntityManager does not manage it.\n` +
        '  Load it with this EntityManager first (em.findOne), or persist it.',
    );
  }
}

/**
 * An UPDATE or DELETE of versioned entities matched fewer rows than it should: someone else
 * changed or deleted them since they were read. `entities` names exactly those (their rows are
 * read after the flush rolled back; only when that cannot account for the shortfall are all the
 * rows of the statement named). Nothing of the flush was committed.
 */
export class OptimisticLockError extends TabulaError {
  override readonly code = 'OPTIMISTIC_LOCK';
  constructor(
    /** `Author#3`, … : the entities whose version no longer matched (or whose rows are gone). */
    readonly entities: readonly string[],
    readonly table: string,
  ) {
    super(
      `Optimistic lock failed on ${table}: ${entities.join(', ')} changed or deleted since read.\n` +
        '  Nothing of this flush was committed. Reload the entities (em.refresh), apply the change again, and flush.',
    );
  }
}

/**
 * An UPDATE or DELETE of entities without a version column matched fewer rows than it should:
 * the rows were deleted since they were read. `entities` names those rows (read after the
 * rollback). Nothing of the flush was committed.
 */
export class MissingRowError extends TabulaError {
  override readonly code = 'MISSING_ROW';
  constructor(
    readonly entities: readonly string[],
    readonly table: string,
  ) {
    super(
      `Expected rows of ${table} are gone: ${entities.join(', ')} deleted since read.\n` +
        '  Nothing of this flush was committed. Detach or reload the entities (em.detach / em.refresh) and flush again.',
    );
  }
}

/** `findOneOrFail` found no row. */
export class EntityNotFoundError extends TabulaError {
  override readonly code = 'ENTITY_NOT_FOUND';
  constructor(
    readonly entity: string,
    message: string,
  ) {
    super(message);
  }

  /**
   * `findOneOrFail` found nothing. The key or filter often comes from a request, and this message
   * may reach its client: it names what was searched for, never its values.
   */
  static noMatch(entity: string, keyOrFilter: unknown): EntityNotFoundError {
    const searched =
      typeof keyOrFilter === 'object' && keyOrFilter !== null && !Array.isArray(keyOrFilter)
        ? `the filter on ${Object.keys(keyOrFilter).join(', ') || 'nothing'}`
        : 'the key given';
    return new EntityNotFoundError(entity, `No ${entity} matches ${searched}.`);
  }
}

/**
 * An EntityManager (or a service or repository that needs one) was resolved from the root
 * container, outside any unit-of-work scope. There is no shared global EntityManager by design.
 */
export class OutsideScopeError extends TabulaError {
  override readonly code = 'OUTSIDE_SCOPE';
  constructor(readonly service: string) {
    super(
      `${service} was resolved outside a unit-of-work scope.\n` +
        '  Resolve it inside runInUnitOfWork(container, (scope) => scope.get(…)) or an HTTP handler wrapped by ' +
        'httpUnitOfWork, which give each request or job its own EntityManager.',
    );
  }
}

/** The request of a unit of work went away (client abort) before COMMIT: everything was rolled back. */
export class UnitOfWorkAbortedError extends TabulaError {
  override readonly code = 'UNIT_OF_WORK_ABORTED';
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`The unit of work was aborted before commit (${reason}); nothing of it was written.`, options);
  }
}

/**
 * The flush COMMITTED, and then an `afterCommit` entity hook or flush subscriber threw. The data is
 * in the database and the EntityManager holds its results (ids, snapshots): do not flush again to
 * "retry" — there is nothing left to write. Every afterCommit handler ran; `errors` holds what each
 * failing one threw (the first is also the `cause`).
 */
export class AfterCommitError extends TabulaError {
  override readonly code = 'AFTER_COMMIT';
  /** Always true: the flush this error reports was committed. */
  readonly committed = true;
  constructor(
    /** What each failing afterCommit handler threw, in the order they ran. */
    readonly errors: readonly unknown[],
  ) {
    super(
      `The flush was committed, but ${errors.length} afterCommit handler(s) failed: ${errors.map(messageOf).join('; ')}.\n` +
        '  The data IS written and the EntityManager holds it; fix the handler. Flushing again writes nothing.',
      { cause: errors[0] },
    );
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
