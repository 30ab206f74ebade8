/**
 * The compile-time contract of entity factories: the field map is typed from the entity class.
 * Every `@ts-expect-error` below must be an error for `tsc`, and each has a twin that compiles.
 * The `it` only makes mocha load the file.
 */
import { expect } from 'chai';
import { factory, many, seq } from '../../lib/entry-points/testing';
import { Article, Label, Writer } from '../testing/support/kit-fixture';

const writers = factory(Writer, { name: seq((n) => `Writer ${n}`) });
const labels = factory(Label, { name: 'sf' });

const fields = [
  factory(Writer, { name: 'Ann' }),
  // @ts-expect-error a wrong property name
  factory(Writer, { nmae: 'Ann' }),
  // @ts-expect-error a number where the property holds a string
  factory(Writer, { name: 42 }),
  // @ts-expect-error a sequence of the wrong type
  factory(Writer, { name: seq((n) => n) }),
  factory(Article, { words: seq((_, random) => random.int(1, 9)), writer: writers }),
  // @ts-expect-error a relation built through the factory of another class
  factory(Article, { writer: labels }),
  // @ts-expect-error a relation given an entity of another class
  factory(Article, { writer: new Label('x') }),
  factory(Article, { labels: many(2, labels) }),
  factory(Writer, { articles: many(1, factory(Article, { title: 'T' })) }),
  // @ts-expect-error a to-many relation filled by the factory of another class
  factory(Writer, { articles: many(2, labels) }),
  // @ts-expect-error a to-many relation is an array, not one factory
  factory(Article, { labels: labels }),
  // @ts-expect-error a method is not a field
  factory(Writer, { toString: () => 'x' }),
];

const articles = factory(Article, { title: 'T', writer: writers });
const calls = [
  articles.build({ title: 'Override' }),
  // @ts-expect-error overrides are typed like the fields
  articles.build({ title: 1 }),
  articles.extend({ words: 5 }),
  // @ts-expect-error a variant's fields too
  articles.extend({ wrods: 5 }),
];

const built: Article = articles.build();
// @ts-expect-error build returns the factory's class
const wrong: Writer = articles.build();

describe('factory types (checked by tsc)', () => {
  it('compiles the twins above', () => {
    expect([fields.length, calls.length, built, wrong]).to.have.length(4);
  });
});
