/** The test kit's own entities (tables t_kit_*), factories, a scoped service and its container. */
import { Container } from 'inversify';
import { defineEntity, EntityManager, p, Tabula } from 'tabula-orm';
import { scopedService, tabulaModule } from 'tabula-orm/di';
import { factory, seq } from 'tabula-orm/testing';

export class Writer {
  id?: number;
  articles: Article[] = [];
  constructor(public name: string) {}
}

export class Label {
  id?: number;
  constructor(public name: string) {}
}

export class Article {
  id?: number;
  version?: number;
  labels: Label[] = [];
  constructor(
    public title: string,
    public words: number,
    public writer: Writer,
  ) {}
}

export const WriterMapper = defineEntity(Writer, {
  table: 't_kit_writers',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 60 }).unique(),
    articles: p.oneToMany(() => Article, 'writer'),
  },
});

export const LabelMapper = defineEntity(Label, {
  table: 't_kit_labels',
  properties: {
    id: p.integer().primaryKey().generated(),
    name: p.string({ length: 40 }).unique(),
  },
});

export const ArticleMapper = defineEntity(Article, {
  table: 't_kit_articles',
  properties: {
    id: p.integer().primaryKey().generated(),
    version: p.integer().version(),
    title: p.string({ length: 100 }),
    words: p.integer(),
    writer: p.manyToOne(() => Writer),
    labels: p.manyToMany(() => Label, { cascade: ['persist'], pivotTable: 't_kit_article_labels' }),
  },
});

export const kitMappers = [WriterMapper, LabelMapper, ArticleMapper];

export const writers = factory(Writer, { name: seq((n) => `Writer ${n}`) });
export const labels = factory(Label, { name: seq((n) => `label-${n}`) });
export const articles = factory(Article, {
  title: seq((n) => `Article ${n}`),
  words: seq((_, random) => random.int(100, 5000)),
  writer: writers,
});

/** A scoped service: writes through the scope's EntityManager and never flushes. */
export class Newsroom {
  constructor(readonly em: EntityManager) {}

  async publish(writerName: string, title: string, words = 800): Promise<Article> {
    const writer = (await this.em.findOne(Writer, { name: writerName })) ?? new Writer(writerName);
    const article = new Article(title, words, writer);
    this.em.persist(article, writer);
    return article;
  }

  async edit(id: number, words: number): Promise<Article> {
    const article = await this.em.findOneOrFail(Article, id);
    article.words = words;
    return article;
  }
}

export async function openKit(url: string): Promise<{ orm: Tabula; app: Container }> {
  const orm = await Tabula.connect({ url, mappers: kitMappers });
  await orm.schema.drop();
  await orm.schema.create();
  const app = new Container();
  await app.load(tabulaModule(orm, { scoped: [scopedService(Newsroom, (em) => new Newsroom(em), [EntityManager])] }));
  return { orm, app };
}

/** Rows per table, read on a connection of its own: what is committed, nothing else. */
export async function committedCounts(orm: Tabula): Promise<[number, number, number]> {
  const em = orm.em.fork();
  return [await em.count(Writer), await em.count(Article), await em.count(Label)];
}
