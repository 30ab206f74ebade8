/**
 * The entities of the unit-of-work specs (tables t_uow_*): a versioned author with books
 * (cascade persist/remove, orphan removal), a favourite book per author (a nullable FK that makes
 * author ↔ book a cycle), and employees reporting to employees (a self-reference).
 */
import { defineEntity, p } from '../../../lib/mapping';

export class Writer {
  id?: number;
  version?: number;
  books: Novel[] = [];
  favourite: Novel | null = null;
  constructor(public name: string) {}
}

export class Novel {
  id?: number;
  constructor(
    public title: string,
    public writer: Writer,
  ) {}
}

export class Employee {
  id?: number;
  reportsTo: Employee | null = null;
  constructor(public name: string) {}
}

export const WriterMapper = defineEntity(Writer, {
  table: 't_uow_writers',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    name: p.string({ length: 100 }).unique(),
    books: p.oneToMany(() => Novel, 'writer', { cascade: ['persist', 'remove'], orphanRemoval: true }),
    favourite: p.manyToOne(() => Novel).nullable(),
  },
});

export const NovelMapper = defineEntity(Novel, {
  table: 't_uow_novels',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    writer: p.manyToOne(() => Writer),
  },
});

export const EmployeeMapper = defineEntity(Employee, {
  table: 't_uow_employees',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    reportsTo: p.manyToOne(() => Employee).nullable(),
  },
});

export const uowMappers = [WriterMapper, NovelMapper, EmployeeMapper] as const;

/** Many-to-many (pivots.spec.ts): articles own their labels through t_uow_article_labels; labels see articles inversely. */
export class Article {
  id?: number;
  labels: Label[] = [];
  constructor(public title: string) {}
}

export class Label {
  id?: number;
  articles: Article[] = [];
  constructor(public name: string) {}
}

export const ArticleMapper = defineEntity(Article, {
  table: 't_uow_articles',
  properties: {
    id: p.integer().primaryKey().generated(),
    title: p.string({ length: 100 }),
    labels: p.manyToMany(() => Label, { pivotTable: 't_uow_article_labels', cascade: ['persist'] }),
  },
});

export const LabelMapper = defineEntity(Label, {
  table: 't_uow_labels',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 100 }),
    articles: p.manyToMany(() => Article, 'labels'),
  },
});

export const pivotMappers = [ArticleMapper, LabelMapper] as const;
