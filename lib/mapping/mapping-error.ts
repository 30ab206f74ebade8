/**
 * MappingError: a mapper definition the registry cannot accept. Raised at start-up (when the
 * MetadataRegistry resolves the mappers), never at the first query, and always names the mapper,
 * the property and the fix.
 */
import { TabulaError } from '../errors/index.js';

/** A mapper definition is wrong or incomplete. `mapper` and `property` say where. */
export class MappingError extends TabulaError {
  override readonly code = 'MAPPING';

  constructor(
    message: string,
    readonly mapper: string,
    readonly property?: string,
  ) {
    super(message);
  }

  private static at(mapper: string, property: string | undefined, what: string, fix: string): MappingError {
    const where = property === undefined ? mapper : `${mapper}.${property}`;
    return new MappingError(`${where}: ${what}.\n  ${fix}.`, mapper, property);
  }

  static unknownTarget(mapper: string, property: string, relationKind: string, target: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `${relationKind} target ${target} has no mapper`,
      `Add defineEntity(${target}, …) to the mappers passed to Tabula.connect, or correct the target`,
    );
  }

  static unknownBase(mapper: string, base: string): MappingError {
    return MappingError.at(
      mapper,
      'extends',
      `base class ${base} has no mapper`,
      `Add the mapper of ${base} to the mappers passed to Tabula.connect`,
    );
  }

  static mappedByUnknown(mapper: string, property: string, target: string, mappedBy: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `mappedBy names ${target}.${mappedBy}, which ${target}'s mapper does not map`,
      `Name the property of ${target} that holds the relation back to this entity`,
    );
  }

  static mappedByWrongKind(
    mapper: string,
    property: string,
    target: string,
    mappedBy: string,
    found: string,
    expected: string,
  ): MappingError {
    return MappingError.at(
      mapper,
      property,
      `mappedBy names ${target}.${mappedBy}, which is mapped as ${found}, not as a ${expected}`,
      `Point mappedBy at the owning ${expected} property of ${target}, or map ${target}.${mappedBy} as a ${expected}`,
    );
  }

  static mappedByWrongTarget(
    mapper: string,
    property: string,
    target: string,
    mappedBy: string,
    pointsAt: string,
    expected: string,
  ): MappingError {
    return MappingError.at(
      mapper,
      property,
      `mappedBy names ${target}.${mappedBy}, which points at ${pointsAt}, not at ${expected}`,
      `Point mappedBy at the property of ${target} whose target is ${expected}`,
    );
  }

  static duplicateMapper(mapper: string, other: string, className: string): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `class ${className} is mapped twice (also by ${other})`,
      'Pass one mapper per class to Tabula.connect; map a second shape of the same data with its own class',
    );
  }

  static duplicateColumn(mapper: string, property: string, other: string, column: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `column ${column} is already mapped by ${other}`,
      'Give one of the two properties its own column name, or mark one of them p.transient()',
    );
  }

  /** A scalar property on the foreign-key column of a to-one relation (`companyId` beside `company`). */
  static scalarBesideRelation(mapper: string, scalar: string, relation: string, column: string): MappingError {
    return MappingError.at(
      mapper,
      scalar,
      `column ${column} is the foreign key of the relation ${relation}; a plain column property cannot map it too`,
      `Map it as ${scalar}: p.foreignKey('${relation}'): one column, read and written through either property (docs/mapping.md). Or mark ${scalar} p.transient()`,
    );
  }

  /** A `p.foreignKey(…)` the registry cannot map: no such to-one, a composite key, a key column, a second one. */
  static invalidForeignKey(mapper: string, property: string, what: string, fix: string): MappingError {
    return MappingError.at(mapper, property, `p.foreignKey: ${what}`, fix);
  }

  static noPrimaryKey(mapper: string, table: string): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `table ${table} has no primary key`,
      'Mark the key property with .primaryKey() (on several properties for a composite key)',
    );
  }

  static versionType(mapper: string, property: string, kind: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `a version column must be integer, bigint or datetime, not ${kind}`,
      'Use p.integer().version() (or bigint / datetime), or remove .version()',
    );
  }

  static multipleVersions(mapper: string, property: string, other: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `a second version column (the first is ${other})`,
      'Keep .version() on one property only',
    );
  }

  static invalidGenerated(mapper: string, property: string, kind: string, strategy?: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `a ${kind} column cannot be generated${strategy === undefined ? '' : ` as ${strategy}`}`,
      'Generate integer or bigint keys as identity and uuid keys as uuidv7, or assign the key yourself',
    );
  }

  static missingDiscriminatorValue(mapper: string, root: string): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `single-table inheritance member of ${root} has no discriminator value`,
      "Add discriminatorValue: '…' to its definition, or mark it abstract: true if it is never instantiated",
    );
  }

  static duplicateDiscriminatorValue(mapper: string, other: string, value: string): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `discriminator value '${value}' is already used by ${other}`,
      'Give every class of the hierarchy its own discriminatorValue',
    );
  }

  static notSubclass(mapper: string, className: string, base: string): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `extends the mapper of ${base}, but class ${className} does not extend ${base}`,
      `Declare class ${className} extends ${base}, or map it with its own table`,
    );
  }

  static notNullCycle(mapper: string, property: string, cycle: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      `NOT NULL foreign keys form a cycle (${cycle}), so no row of it could ever be inserted`,
      'Make one foreign key of the cycle nullable (.nullable()) so it can be set after both rows exist',
    );
  }

  static setNullOnNotNull(mapper: string, property: string): MappingError {
    return MappingError.at(
      mapper,
      property,
      "onDelete: 'set null' on a foreign key that is NOT NULL",
      "Make the relation .nullable(), or use onDelete: 'cascade' / 'restrict'",
    );
  }

  static unsupported(mapper: string, property: string, what: string, fix: string): MappingError {
    return MappingError.at(mapper, property, `${what} is not supported yet`, fix);
  }

  /** A default, computed default or onUpdate the flush cannot honour (a mutable constant, two defaults, …). */
  static invalidDefault(mapper: string, property: string, what: string, fix: string): MappingError {
    return MappingError.at(mapper, property, what, fix);
  }

  static unknownDiscriminator(mapper: string, value: unknown): MappingError {
    return MappingError.at(
      mapper,
      undefined,
      `a row has discriminator value ${JSON.stringify(value)}, which no mapper of the hierarchy declares`,
      'Map the class for that value (defineEntity(…, { extends, discriminatorValue })) and pass it to Tabula.connect',
    );
  }
}
