/** The bookstore's inversify container: Tabula's module, with the services built once per request. */
import { Container } from 'inversify';
import { EntityManager, type Tabula } from 'tabula-orm';
import { repositoryToken, scopedService, tabulaModule } from 'tabula-orm/di';
import { CatalogService } from './catalog-service';
import { Author, Book, Customer, Order, Tag } from './entities';
import { OrderService } from './order-service';

export async function bookstoreContainer(orm: Tabula): Promise<Container> {
  const container = new Container();
  await container.load(
    tabulaModule(orm, {
      repositories: [Author, Book, Tag, Customer, Order],
      scoped: [
        scopedService(CatalogService, (em, books) => new CatalogService(em, books), [
          EntityManager,
          repositoryToken(Book),
        ]),
        scopedService(OrderService, (em) => new OrderService(em), [EntityManager]),
      ],
    }),
  );
  return container;
}
