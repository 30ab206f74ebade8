/**
 * `em.assign(entity, data)`: a partial update from a DTO (a request body, a form), checked against
 * the mapping before anything changes. Every property is checked first — unknown names, values
 * the column cannot hold (the flush's own checks, lib/types), relations given as entities or keys,
 * embeddables as nested partial objects — and only when all are right is anything applied, so a
 * refused DTO leaves the entity as it was. The change is then flushed like any other.
 */
import { ValueError } from '../errors/index.js';
import { referenceKey } from '../loading/index.js';
import type {
  ColumnMetadata,
  DataKeys,
  EmbeddedMetadata,
  EntityMetadata,
  PropertyMetadata,
  RelationMetadata,
} from '../mapping/index.js';
import type { DialectTypes } from '../types/index.js';
import type { UnitOfWork } from '../unit-of-work/index.js';

/** A key as `em.getReference` takes it: a value, or the values of a composite key. */
export type KeyInput = string | number | bigint | readonly (string | number | bigint)[];

/** What `em.assign` accepts for a property of type `V`: the value, or the form `serialize` writes it in. */
export type AssignValue<V> = V extends null | undefined
  ? V
  : V extends Date
    ? Date | string
    : V extends bigint
      ? bigint | number | string
      : V extends Uint8Array
        ? V | string
        : V extends readonly (infer E)[]
          ? readonly AssignValue<E>[]
          : V extends object
            ? V | AssignData<V> | KeyInput
            : V;

/**
 * The data `em.assign` takes for an entity of type `T`: any of its data properties, each as its
 * value; a to-one also as the target's key (`author: 7`, `author: { id: 7 }`), a many-to-many as an
 * array of entities or keys, an embeddable as a partial object of its fields, a datetime as an ISO
 * string, a bigint as digits — what `serialize` writes reads back.
 */
export type AssignData<T> = { readonly [K in DataKeys<T>]?: AssignValue<T[K]> };

/** What assign needs of its EntityManager. */
export interface AssignContext {
  readonly uow: UnitOfWork;
  readonly types: DialectTypes;
  readonly meta: (cls: Function) => EntityMetadata;
  /** The managed reference (or instance) of a checked key. */
  readonly reference: (meta: EntityMetadata, key: readonly unknown[]) => object;
}

type Bag = Record<string, unknown>;

/** Collects the refusals and the changes; nothing is applied until every property is checked. */
class Assignment {
  readonly problems: { property: string; why: string }[] = [];
  readonly changes: (() => void)[] = [];

  constructor(
    readonly ctx: AssignContext,
    readonly meta: EntityMetadata,
    readonly entity: Bag,
    readonly isNew: boolean,
  ) {}

  /** Records a refusal; returns undefined so that a check can `return this.refuse(…)`. */
  refuse(property: string, why: string): undefined {
    this.problems.push({ property, why });
    return undefined;
  }

  /** The value checked for `column` (converted from its JSON form), or `FAILED` after a refusal. */
  columnValue(property: string, column: ColumnMetadata, value: unknown): unknown {
    if (value === null) {
      if (column.nullable) return null;
      this.refuse(property, 'is NOT NULL: null is not a value it can hold');
      return FAILED;
    }
    const converted = fromJsonForm(column, value);
    try {
      this.ctx.types.toDriver(column.type, converted, column.name);
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.refuse(property, e.message);
      return FAILED;
    }
    return converted;
  }

  column(p: { readonly name: string; readonly column: ColumnMetadata }, value: unknown): undefined {
    const c = p.column;
    if (c.isVersion) return this.refuse(p.name, 'is the version column: the flush writes it');
    if (c.primaryKey && !this.isNew) {
      if (value === this.entity[p.name]) return;
      return this.refuse(p.name, 'is the primary key of a managed entity: it cannot change');
    }
    const checked = this.columnValue(p.name, c, value);
    if (checked !== FAILED) this.changes.push(() => void (this.entity[p.name] = checked));
  }

  embedded(p: EmbeddedMetadata, value: unknown): undefined {
    if (value === null) {
      if (!p.nullable) return this.refuse(p.name, `is a ${p.embeddableName} that cannot be null`);
      this.changes.push(() => void (this.entity[p.name] = null));
      return;
    }
    if (!isPlainObject(value) && !(value instanceof p.embeddableClass)) {
      return this.refuse(p.name, `is ${kindOf(value)}: give a ${p.embeddableName} or an object of its fields`);
    }
    const given = value as Bag;
    const fields = new Map(p.fields.map((f) => [f.property, f.column]));
    for (const key of Object.keys(given)) {
      if (!fields.has(key)) this.refuse(`${p.name}.${key}`, `is not a field of ${p.embeddableName}`);
    }
    const current = this.entity[p.name];
    const whole = value instanceof p.embeddableClass || current === null || current === undefined;
    const checked: [string, unknown][] = [];
    for (const [field, column] of fields) {
      const v = given[field];
      if (v === undefined) {
        if (whole && !fieldNullable(this.meta, p.name, field)) {
          this.refuse(`${p.name}.${field}`, 'is missing: a new value needs every field that is not nullable');
        }
        continue;
      }
      const c = this.columnValue(`${p.name}.${field}`, column, v);
      if (c !== FAILED) checked.push([field, c]);
    }
    this.changes.push(() => {
      const target = (whole ? Object.create(p.embeddableClass.prototype) : current) as Bag;
      for (const [field, v] of checked) target[field] = v;
      this.entity[p.name] = target;
    });
  }

  /** A to-one's target: the entity itself, or a reference made from its key; `FAILED` after a refusal. */
  target(property: string, relation: RelationMetadata, value: unknown): unknown {
    const target = relation.target;
    if (value instanceof target.entityClass) return value;
    try {
      const values = referenceKey(target, keyOf(target, value), this.ctx.types);
      return { key: values };
    } catch (e) {
      if (!(e instanceof ValueError)) throw e;
      this.refuse(property, `is neither a ${target.className} nor its key: ${e.message}`);
      return FAILED;
    }
  }

  relation(p: { readonly name: string; readonly relation: RelationMetadata }, value: unknown): undefined {
    const r = p.relation;
    if (!r.isOwner) {
      return this.refuse(p.name, `is the inverse side of ${r.target.className}.${r.mappedBy}: assign that side`);
    }
    const resolve = (t: unknown): object =>
      t instanceof r.target.entityClass ? t : this.ctx.reference(r.target, (t as { key: unknown[] }).key);
    if (r.kind === 'many-to-many') {
      if (!Array.isArray(value)) return this.refuse(p.name, `is ${kindOf(value)}: give an array of entities or keys`);
      const targets = value.map((v, i) => this.target(`${p.name}[${i}]`, r, v));
      if (!targets.includes(FAILED)) this.changes.push(() => void (this.entity[p.name] = targets.map(resolve)));
      return;
    }
    if (value === null) {
      if (!r.nullable) return this.refuse(p.name, 'is required: null is not a value it can hold');
      this.changes.push(() => void (this.entity[p.name] = null));
      return;
    }
    const t = this.target(p.name, r, value);
    if (t !== FAILED) this.changes.push(() => void (this.entity[p.name] = resolve(t)));
  }
}

const FAILED = Symbol('failed');

/**
 * Whether the embeddable declares `field` nullable. The columns of a nullable embedded are all
 * nullable in the table, so the embeddable's own definition says which fields a value needs.
 */
function fieldNullable(meta: EntityMetadata, property: string, field: string): boolean {
  for (let m: EntityMetadata['mapper'] | undefined = meta.mapper; m !== undefined; m = m.definition.extends) {
    const d = m.definition.properties[property]?.definition;
    if (d?.kind !== 'embedded') continue;
    const f = d.embeddable.properties[field]?.definition;
    return f?.kind !== 'column' || f.nullable;
  }
  return true;
}

const byName = new WeakMap<EntityMetadata, ReadonlyMap<string, PropertyMetadata>>();

function propertiesOf(meta: EntityMetadata): ReadonlyMap<string, PropertyMetadata> {
  let found = byName.get(meta);
  if (found === undefined) byName.set(meta, (found = new Map(meta.properties.map((p) => [p.name, p]))));
  return found;
}

/**
 * Checks every property of `data` against `entity`'s mapping, then applies them all — or throws
 * one ValueError listing each refused property and applies none.
 */
export function assignTo<T extends object>(ctx: AssignContext, entity: T, data: unknown): T {
  const entry = ctx.uow.entryOf(entity);
  const meta = entry?.meta ?? ctx.meta(entity.constructor);
  if (!isPlainObject(data)) {
    throw new ValueError(`em.assign(${meta.className}): the data is ${kindOf(data)}, not an object of properties.`);
  }
  const run = new Assignment(ctx, meta, entity as Bag, entry === undefined || entry.state === 'new');
  const properties = propertiesOf(meta);
  for (const [name, value] of Object.entries(data)) {
    const p = properties.get(name);
    if (p === undefined) run.refuse(name, `is not a property ${meta.name} maps`);
    else if (value === undefined) continue;
    else if (p.kind === 'column') run.column(p, value);
    else if (p.kind === 'embedded') run.embedded(p, value);
    else run.relation(p, value);
  }
  if (run.problems.length > 0) {
    const lines = run.problems.map((p) => `  ${p.property}: ${p.why}`);
    throw new ValueError(
      `em.assign(${meta.className}): nothing was assigned, ${run.problems.length === 1 ? 'a property is' : `${run.problems.length} properties are`} wrong:\n${lines.join('\n')}`,
      run.problems[0]?.property,
    );
  }
  for (const change of run.changes) change();
  return entity;
}

/** A value in the form `serialize` writes it, read back: ISO datetimes, bigint digits, base64 blobs. */
function fromJsonForm(column: ColumnMetadata, value: unknown): unknown {
  const kind = column.type.kind;
  if (typeof value === 'string') {
    if (kind === 'datetime' && ISO_INSTANT.test(value)) return new Date(value);
    if (kind === 'bigint' && /^-?\d{1,19}$/.test(value)) {
      return column.type.bigintAsNumber ? Number(value) : BigInt(value);
    }
    if (kind === 'blob' && BASE64.test(value)) return Buffer.from(value, 'base64');
  }
  if (kind === 'bigint' && !column.type.bigintAsNumber && Number.isSafeInteger(value)) return BigInt(value as number);
  return value;
}

/** An instant with its zone: `2024-01-02T03:04:05Z`, with fractions, or an offset. Never a local time. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** `{ id: 7 }` (what serialize writes for a reference) as the key; anything else as it is. */
function keyOf(target: EntityMetadata, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const pk = target.primaryKey;
  const keys = Object.keys(value);
  if (keys.length !== pk.length || !pk.every((c) => keys.includes(c.property))) return value;
  return pk.length === 1 ? value[(pk[0] as ColumnMetadata).property] : value;
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'prototype-less object'}`;
  return `a ${typeof value}`;
}
