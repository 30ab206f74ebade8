/**
 * Unit-of-work workloads beside hand-written SQL on the same pool (multi-row statements, one
 * transaction), same run: W1 insert 10,000 authors each with one book in one flush; W3 findOne by
 * key on managed rows; W4 flush with 1% changed; W4b flush with nothing changed; W5 update all;
 * W6 delete all. Prints medians over --runs repetitions and the ratio Tabula / raw.
 *
 *   npx tsx benchmarks/unit-of-work.ts [--db url] [--n 10000] [--runs 5]
 */
import { Tabula } from '../lib/entity-manager';
import { SchemaManager } from '../lib/schema';
import { sql } from '../lib/sql';
import { Novel, uowMappers, Writer } from '../spec/entity-manager/support/entities';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] as string) : fallback;
};
const N = Number(arg('n', '10000'));
const RUNS = Number(arg('runs', '5'));
const URL = arg('db', 'sqlite:/tmp/tabula-uow-bench.db');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Raw: the same rows as multi-row INSERTs in one transaction, ids read back with RETURNING. */
async function rawInsert(orm: Tabula): Promise<number[]> {
  const ids: number[] = [];
  const q = orm.db.dialect.name === 'mysql' ? '`' : '"';
  await orm.db.pool.transaction(async (tx) => {
    const ph = (i: number) => (orm.db.dialect.name === 'postgres' ? `$${i}` : '?');
    for (let s = 0; s < N; s += 2000) {
      const rows = Math.min(2000, N - s);
      const params: unknown[] = [];
      const values = Array.from({ length: rows }, (_, i) => {
        params.push(1, `raw ${s + i}`);
        return `(${ph(params.length - 1)}, ${ph(params.length)})`;
      });
      const r = await tx.run({
        sql: `INSERT INTO ${q}t_uow_writers${q} (${q}version${q}, ${q}name${q}) VALUES ${values.join(', ')} RETURNING ${q}id${q}`,
        params,
      });
      const got = r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
      ids.push(...got);
      const bp: unknown[] = [];
      const bv = got.map((id, i) => {
        bp.push(`raw book ${s + i}`, id);
        return `(${ph(bp.length - 1)}, ${ph(bp.length)})`;
      });
      await tx.run({
        sql: `INSERT INTO ${q}t_uow_novels${q} (${q}title${q}, ${q}writer_id${q}) VALUES ${bv.join(', ')} RETURNING ${q}id${q}`,
        params: bp,
      });
    }
  });
  return ids;
}

async function rawUpdate(orm: Tabula, ids: number[], label: string): Promise<void> {
  await orm.db.pool.transaction(async (tx) => {
    for (let s = 0; s < ids.length; s += 2000) {
      const chunk = ids.slice(s, s + 2000);
      await tx.run({
        sql: `UPDATE t_uow_writers SET name = ${{ mysql: 'CONCAT(name, ?)', postgres: 'name || $1', sqlite: 'name || ?' }[orm.db.dialect.name]}, version = version + 1 WHERE id IN (${chunk.map((_, i) => (orm.db.dialect.name === 'postgres' ? `$${i + 2}` : '?')).join(', ')})`,
        params: [label, ...chunk],
      });
    }
  });
}

async function rawDelete(orm: Tabula, ids: number[]): Promise<void> {
  await orm.db.pool.transaction(async (tx) => {
    for (let s = 0; s < ids.length; s += 2000) {
      const chunk = ids.slice(s, s + 2000);
      const list = chunk.map((_, i) => (orm.db.dialect.name === 'postgres' ? `$${i + 1}` : '?')).join(', ');
      await tx.run({ sql: `DELETE FROM t_uow_novels WHERE writer_id IN (${list})`, params: chunk });
      await tx.run({ sql: `DELETE FROM t_uow_writers WHERE id IN (${list})`, params: chunk });
    }
  });
}

async function main() {
  const orm = await Tabula.connect({ url: URL, mappers: [...uowMappers] });
  const schema = new SchemaManager(orm.db, orm.registry);
  const results: Record<string, { tabula: number[]; raw: number[] }> = {};
  const add = (name: string, side: 'tabula' | 'raw', ms: number) => {
    results[name] ??= { tabula: [], raw: [] };
    results[name][side].push(ms);
  };
  for (let run = 0; run < RUNS; run++) {
    await schema.drop();
    await schema.create();
    const raw = await rawInsert(orm).then(() => undefined);
    await schema.drop();
    await schema.create();
    add('W1 insert', 'raw', await timed(async () => rawInsert(orm)));
    const rawIds = (await orm.db.query(sql`select id from t_uow_writers order by id`)).map((r) => Number(r.id));
    add('W5 update all', 'raw', await timed(() => rawUpdate(orm, rawIds, 'x')));
    add(
      'W4 update 1%',
      'raw',
      await timed(() =>
        rawUpdate(
          orm,
          rawIds.filter((_, i) => i % 100 === 0),
          'y',
        ),
      ),
    );
    add('W6 delete all', 'raw', await timed(() => rawDelete(orm, rawIds)));
    void raw;

    const em = orm.em.fork();
    const writers = Array.from({ length: N }, (_, i) => {
      const w = new Writer(`w ${i}`);
      w.books.push(new Novel(`b ${i}`, w));
      return w;
    });
    add(
      'W1 insert',
      'tabula',
      await timed(async () => {
        em.persist(...writers);
        await em.flush();
      }),
    );
    const t3 = performance.now();
    for (const w of writers) await em.findOne(Writer, w.id);
    add('W3 findOne managed (ns/op)', 'tabula', ((performance.now() - t3) * 1e6) / N);
    add('W4b flush, nothing changed', 'tabula', await timed(() => em.flush()));
    writers.forEach((w, i) => {
      w.name = `${w.name}x`;
      void i;
    });
    add('W5 update all', 'tabula', await timed(() => em.flush()));
    writers.forEach((w, i) => {
      if (i % 100 === 0) w.name = `${w.name}y`;
    });
    add('W4 update 1%', 'tabula', await timed(() => em.flush()));
    add(
      'W6 delete all',
      'tabula',
      await timed(async () => {
        em.remove(...writers);
        await em.flush();
      }),
    );
  }
  console.log(`${URL.replace(/:[^:@/]*@/, ':***@')}  n=${N}  runs=${RUNS}`);
  for (const [name, r] of Object.entries(results)) {
    const t = median(r.tabula);
    const raw = r.raw.length > 0 ? median(r.raw) : undefined;
    const unit = name.includes('ns/op') ? 'ns' : 'ms';
    console.log(
      `${name.padEnd(30)} tabula ${t.toFixed(2).padStart(9)} ${unit}${raw !== undefined ? `   raw ${raw.toFixed(2).padStart(9)} ms   ratio ${(t / raw).toFixed(2)}` : ''}${unit === 'ns' ? `   (${(1e9 / t).toFixed(0)} per second)` : ''}`,
    );
  }
  await schema.drop();
  await orm.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
