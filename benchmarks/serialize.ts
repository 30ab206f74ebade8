/**
 * `serialize` of 10,000 books, each with its author populated (100 authors, an address each), as an
 * HTTP handler writes them: `JSON.stringify(serialize(books))`. Beside it, the floor: the same JSON
 * from plain objects built by hand (building included, and `JSON.stringify` alone on objects built
 * beforehand). Prints the median of several runs in ms.
 *
 *   npm run bench:serialize [-- rows]
 */
import { serialize } from '../lib';
import { Address } from '../fixtures/entities/address';
import { Author } from '../fixtures/entities/author';
import { Book } from '../fixtures/entities/book';
import { libraryMappers } from '../fixtures/entities/mappers';
import { MetadataRegistry } from '../lib/mapping';

const ROWS = Number(process.argv[2] ?? 10_000);
const RUNS = 15;
new MetadataRegistry(libraryMappers); // serialize finds an unmanaged entity's metadata through its class

const authors = Array.from({ length: 100 }, (_, i) => {
  const a = new Author(`Author ${i}`, `author${i}@example.com`);
  a.id = i + 1;
  a.version = 1;
  a.address = new Address(`${i} Main Street`, 'Lyon', '69001');
  a.birthDate = '1970-01-01';
  a.followers = i * 10;
  // As a find with populate: ['author'] leaves them: the author's own to-manys are not loaded.
  (a as Partial<Author>).books = undefined;
  return a;
});
const books = Array.from({ length: ROWS }, (_, i) => {
  const b = new Book(`Book ${i}`, authors[i % 100] as Author);
  b.id = `0190a6b2-7c1e-7a3b-8c4d-${String(i).padStart(12, '0')}`;
  b.price = '12.50';
  b.publishedAt = new Date(Date.UTC(2021, 2, 14, 7));
  b.sales = BigInt(i * 1000);
  b.rating = 4.25;
  b.weight = 0.5;
  b.status = 'published';
  b.metadata = { languages: ['en'] };
  (b as Partial<Book>).tags = undefined;
  return b;
});

/** What a hand-written view returns for the same data. */
function byHand(b: Book): object {
  const a = b.author;
  return {
    id: b.id,
    title: b.title,
    price: b.price,
    publishedAt: b.publishedAt?.toISOString() ?? null,
    sales: b.sales.toString(),
    rating: b.rating,
    weight: b.weight,
    inPrint: b.inPrint,
    status: b.status,
    metadata: b.metadata,
    summary: b.summary,
    author: {
      id: a.id,
      version: a.version,
      name: a.name,
      email: a.email,
      address: a.address && { street: a.address.street, city: a.address.city, postalCode: a.address.postalCode },
      birthDate: a.birthDate,
      followers: a.followers,
    },
  };
}

function median(fn: () => string): { ms: number; bytes: number } {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    bytes = fn().length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(RUNS / 2)] as number, bytes };
}

const built = books.map(byHand);
const serialized = JSON.stringify(serialize(books));
if (serialized !== JSON.stringify(built)) {
  throw new Error(
    `serialize and the hand-built objects differ:\n${serialized.slice(0, 700)}\n${JSON.stringify(built).slice(0, 700)}`,
  );
}
const results = {
  'JSON.stringify(serialize(books))': median(() => JSON.stringify(serialize(books))),
  'JSON.stringify(books.map(byHand))': median(() => JSON.stringify(books.map(byHand))),
  'JSON.stringify(prebuilt plain objects)': median(() => JSON.stringify(built)),
  'serialize(books) alone': median(() => (serialize(books).length > 0 ? '' : '')),
  'books.map(byHand) alone': median(() => (books.map(byHand).length > 0 ? '' : '')),
};
console.log(`serialize ${ROWS.toLocaleString('en')} entities with one populated relation (median of ${RUNS} runs)`);
for (const [label, r] of Object.entries(results)) {
  const size = r.bytes > 0 ? `  (${(r.bytes / 1e6).toFixed(1)} MB)` : '';
  console.log(`  ${label.padEnd(42)} ${r.ms.toFixed(1).padStart(7)} ms${size}`);
}
