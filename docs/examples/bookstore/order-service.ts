/**
 * Customers and orders. Placing an order decrements the book's stock; the book is versioned, so
 * two orders that read the same stock cannot both write it: the second flush fails with
 * OptimisticLockError and the unit of work runs the order again on fresh data.
 */
import type { EntityManager } from 'tabula-orm';
import { Book, Customer, Order } from './entities';
import { BookstoreError } from './errors';
import { times } from './input';

export interface PlaceOrder {
  readonly customerId: number;
  readonly bookId: number;
  readonly quantity: number;
}

export class OrderService {
  constructor(private readonly em: EntityManager) {}

  addCustomer(name: string, email: string): Customer {
    const customer = new Customer(name, email);
    this.em.persist(customer);
    return customer;
  }

  customer(id: number): Promise<Customer> {
    return this.em.findOneOrFail(Customer, id);
  }

  async place(input: PlaceOrder): Promise<Order> {
    const customer = await this.em.findOneOrFail(Customer, input.customerId);
    const book = await this.em.findOneOrFail(Book, input.bookId);
    if (book.stock < input.quantity) throw BookstoreError.outOfStock(book.title, book.stock, input.quantity);
    book.stock -= input.quantity;
    const order = new Order(customer, book, input.quantity, times(book.price, input.quantity));
    this.em.persist(order);
    return order;
  }

  order(id: number): Promise<Order> {
    return this.em.findOneOrFail(Order, id);
  }
}
