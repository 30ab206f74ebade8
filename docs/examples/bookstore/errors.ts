/** The bookstore's own failures, each with the HTTP status it answers with. */
export class BookstoreError extends Error {
  override readonly name = 'BookstoreError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  static outOfStock(title: string, stock: number, wanted: number): BookstoreError {
    return new BookstoreError(409, `Only ${stock} of "${title}" left, ${wanted} wanted.`);
  }

  static invalid(message: string): BookstoreError {
    return new BookstoreError(400, message);
  }
}
