/**
 * docs/benchmarks.md: how the figures were made, then one section per saved result set; and the
 * short page of a single run that `npm run bench` leaves in benchmarks/out/.
 */
import type { ResultSet } from '../harness/results';
import { contendersTable, statementsTable, targetsTable, timingsTable, workloadNotes } from './tables';
import { provenanceText } from '../harness/provenance';
import { renderLifecycle } from '../lifecycle/report';
import type { LifecycleResult } from '../lifecycle/summary';
import { headlineSet, phaseSet } from './phases';
import { checkTargets, STREAM_PEAK_LIMIT_MB } from './targets';

const HEADER = `# Benchmarks

_This page is written by \`npm run bench:peers\` (or another \`npm run bench\` given \`--write-report\`) from the results
kept in \`benchmarks/results/\`; do not edit it by hand._

Tabula runs beside **the raw floor**: the same driver Tabula uses (\`sqlite3\`, \`pg\`, \`mysql2\`,
one bare connection, no pool, no Tabula code) doing the same work with the best hand-written SQL —
multi-row INSERTs with RETURNING (PostgreSQL: \`unnest\` of arrays), UPDATE joined against a derived
table of new values, DELETE by key list, each workload in one transaction. The raw floor builds the
same \`Author\`/\`Book\` objects, looks them up in its own \`Map\` (W3) and knows which rows it changed
(W4, W4b: it has nothing to detect), so its W3 and W4b are near zero and those two are judged
against absolute targets instead.

Data: \`n\` authors, each with one book (\`t_bench_authors\`, \`t_bench_books\`, an FK with its index).
Each repetition of each contender runs in a fresh Node process (so every figure includes a cold
JIT: no warm-up), the contenders alternate within each repetition, and the workloads run in this order on the
state the previous one left: W1 insert all in one flush; W2 load all authors into a fresh
EntityManager (\`em.find(Author, {})\`); W3 \`findOne\` by key on every managed author; W4b flush with
nothing changed; W4 flush with every hundredth author renamed; W5 rename every author and flush; W6
remove every author (its book by cascade) and flush; W7 (run right after W2, while the rows exist)
load every book with its author into a fresh EntityManager (\`em.find(Book, {}, { populate: ['author'] })\`;
the raw floor runs the best two-query equivalent: the books, then their authors \`WHERE id IN (…)\`
chunked under the bind limit — \`= ANY($1)\` of one array on PostgreSQL — linked in memory through a
\`Map\`); each loaded book is checked to hold the author it was written with, which also checks W1's
generated ids. W8, last, streams a table of 1,000,000 rows (\`--stream-rows\` sets the count) made
once per run by the harness, not by a contender, with one set-based INSERT (a recursive CTE on
SQLite, in a file of its own; \`generate_series\` on PostgreSQL; a cross join of digits on MySQL) and
dropped at the end; every row's value is summed and the sum checked. Tabula streams with
\`em.stream(Reading)\` (untracked entities); the raw floor with the driver's own streaming, building a
\`Reading\` per row: \`sqlite3\`'s \`each\`, a PostgreSQL cursor (\`DECLARE … CURSOR\` and \`FETCH 1000\`
in a transaction), \`mysql2\`'s \`query().stream()\`. W8 reports time and heap growth over the heap
after a forced GC just before the stream: **peak** is the highest \`heapUsed\` sampled every 10,000
rows (garbage not yet collected included: what the process really needed), **after GC** the
highest of ten samples each taken right after a forced GC (what the stream retained); the time of
those ten GCs is taken out of W8's figure.
**W8's target, flat memory:** Tabula's peak heap growth stays under ${STREAM_PEAK_LIMIT_MB} MB in
every repetition, whatever the row count. Keeping the rows would cost more than that: a
\`Reading\` with its label string takes about 80 bytes, so 1,000,000 kept rows are about 80 MB — which
is what \`sqlite3\`'s \`each\` shows, having no back-pressure: it reads ahead and queues the rows.
Heap per entity is what W2's result retains (the heap
with the loaded entities and their EntityManager alive, minus the heap once they are released,
both after a forced GC) divided by \`n\`; TypeORM and the raw floor have no EntityManager to keep.
Statement counts come from one extra, untimed run per contender and leave out BEGIN/COMMIT; that
run skips W8 (one streamed query for every contender; PostgreSQL's FETCH round trips are not statements).
Figures are medians over the repetitions with min–max; ratios are medians over the raw floor's
median of the same run.

Peers: MikroORM and TypeORM, mapped without decorators (\`EntitySchema\`), live in
\`benchmarks/peers/\` with their own \`package.json\`; only \`npm run bench:peers\` installs them there.
On SQLite both use \`better-sqlite3\` (a synchronous driver), not \`sqlite3\` as Tabula and the raw
floor do; every SQLite contender sets \`journal_mode = WAL\`, \`synchronous = NORMAL\` and
\`foreign_keys = ON\`. Peers are not run on MySQL (their MySQL adapters are not installed in
\`benchmarks/peers/\`). W7 for MikroORM is \`em.find(Book, {}, { populate: ['author'] })\`, for TypeORM
\`find(Book, { relations: { author: true } })\` (one JOIN). W8: MikroORM 6 has no streaming API;
TypeORM's \`createQueryBuilder().stream()\` gives raw rows, not entities, and works on PostgreSQL only
(through \`pg-query-stream\`).
Results saved before W7/W8 existed show them as "not run".

To reproduce: \`npm run bench\` prints the figures in the terminal and writes them to
\`benchmarks/out/<database>-<n>-<time>.json\` and \`.md\` (not committed); it leaves this page alone.
Only \`--write-report\` (which \`npm run bench:peers\` passes) saves the run to \`benchmarks/results/\`,
one file per database and size replacing the previous one, and rewrites this page and its chart.

\`\`\`
npm run bench                                     # SQLite file, n = 10,000, 5 repetitions
npm run bench -- --db postgres://… --n 2000 --reps 2
npm run bench -- --n 10000,100000                 # and at 10× to show growth
npm run bench -- --n 2000 --reps 1 --stream-rows 50000   # a quick development run
npm run bench -- --db mysql://… --write-report    # MySQL/MariaDB: raw floor and Tabula, into this page
npm run bench:peers -- --db postgres://…          # with MikroORM and TypeORM, into this page
npm run bench -- --report-only                    # rewrite this page from benchmarks/results/
\`\`\`

![Median time over the raw floor, per workload](benchmarks.svg)
`;

/** The targets of a set: judged on its headline view, with the cold round's figures beside them. */
function targets(set: ResultSet, sets: readonly ResultSet[]): string {
  const bigger = sets.find((s) => s.database === set.database && s.n === set.n * 10);
  // The larger size of a pair has its growth shown in the smaller one's table.
  const isLarger = sets.some((s) => s.database === set.database && s.n * 10 === set.n);
  const judge = (view: ResultSet, big: ResultSet | undefined) =>
    checkTargets(view, big).filter((c) => !(isLarger && c.isMet === undefined && c.target.startsWith('growth')));
  const head = headlineSet(set);
  const checks = judge(head.set, bigger ? headlineSet(bigger).set : undefined);
  if (head.phase === 'cold') return targetsTable(checks);
  return targetsTable(checks, judge(phaseSet(set, 'cold') as ResultSet, bigger ? phaseSet(bigger, 'cold') : undefined));
}

function runLine(set: ResultSet): string {
  if (set.provenance) return provenanceText(set.provenance);
  return `Run ${set.date.slice(0, 16).replace('T', ' ')} UTC on ${set.machine}, Node ${set.node} (saved before the code and the machine's load were recorded).`;
}

const LIFECYCLE_NOT_RUN = `## Per-request lifecycle

_Not run yet: \`npm run bench:lifecycle -- --write-report\` measures it and writes its section here._
`;

function section(set: ResultSet, sets: readonly ResultSet[]): string {
  const rounds = set.rounds ?? 1;
  const shape = `${set.reps} processes × ${rounds} round${rounds === 1 ? '' : 's'}`;
  const title = `${set.databaseVersion}, ${set.n.toLocaleString('en')} authors + ${set.n.toLocaleString('en')} books, ${shape}`;
  const steady = phaseSet(set, 'steady');
  const cold = phaseSet(set, 'cold') as ResultSet;
  const timings = steady
    ? [
        `**Steady state** (the headline): in each process, the median of rounds 2–${rounds}; then the median (min–max) over the ${set.reps} processes. W8 runs once per process, after the rounds.`,
        '',
        timingsTable(steady),
        '',
        `**Cold**: the first round of each process (a CLI, a lambda, a one-shot job); median (min–max) over the ${set.reps} processes.`,
        '',
        timingsTable(cold),
      ]
    : ['One round per process: every figure is cold.', '', timingsTable(cold)];
  return [
    `## ${title}`,
    '',
    runLine(set),
    '',
    contendersTable(set),
    '',
    ...timings,
    '',
    'Statements per workload (BEGIN/COMMIT left out):',
    '',
    statementsTable(set),
    '',
    ...(workloadNotes(set) ? ['Notes on W7/W8:', '', workloadNotes(set), ''] : []),
    steady ? 'Targets (judged on the steady state; the cold round beside it):' : 'Targets:',
    '',
    targets(set, sets),
    '',
  ].join('\n');
}

/**
 * The page of one size of one run, in benchmarks/out/: its section, no method text. `sets` are all
 * the sizes of the run, for the growth target.
 */
export function renderRun(set: ResultSet, sets: readonly ResultSet[], note = ''): string {
  return [
    '# Benchmark run',
    '',
    '_Written by `npm run bench` to `benchmarks/out/` (not committed). How the figures are made: `docs/benchmarks.md`._',
    ...(note ? ['', `> **Note.** ${note}`] : []),
    '',
    section(set, sets),
  ].join('\n');
}

export function renderMarkdown(sets: readonly ResultSet[], note = '', lifecycle?: LifecycleResult): string {
  const body = sets.length ? sets.map((s) => section(s, sets)).join('\n') : '_No results saved yet._\n';
  const tail = lifecycle ? `\n${renderLifecycle(lifecycle)}` : `\n${LIFECYCLE_NOT_RUN}`;
  return `${HEADER}${note ? `\n> **Note.** ${note}\n` : ''}\n${body}${tail}`;
}
