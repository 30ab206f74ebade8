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

_This page is written by \`npm run bench:peers\`, \`npm run bench:lifecycle -- --write-report\` (or another
\`npm run bench\` given \`--write-report\`) from the results kept in \`benchmarks/results/\`; do not edit it by hand._

Two benchmarks: **the workloads** (W1…W8, bulk work on \`n\` rows, on SQLite, PostgreSQL and
MySQL/MariaDB) and **the per-request lifecycle** (the shape of one web request, on PostgreSQL, beside
Drizzle, TypeORM and MikroORM). Every result says which code and which machine produced it (see
[Provenance](#provenance)).

## How the workloads are measured

Tabula runs beside **the raw floor**: the same driver Tabula uses (\`sqlite3\`, \`pg\`, \`mysql2\`,
one bare connection, no pool, no Tabula code) doing the same work with the best hand-written SQL —
multi-row INSERTs with RETURNING (PostgreSQL: \`unnest\` of arrays), UPDATE joined against a derived
table of new values, DELETE by key list, each workload in one transaction. The raw floor builds the
same \`Author\`/\`Book\` objects, looks them up in its own \`Map\` (W3, each lookup awaited as any
ORM's \`findOne\` is: the raw W3 is the floor of an awaited lookup on this machine) and knows which
rows it changed (W4, W4b: it has nothing to detect), so W3 and W4b are judged against absolute
targets instead.

Data: \`n\` authors, each with one book (\`t_bench_authors\`, \`t_bench_books\`, an FK with its index).
The workloads run in this order on the state the previous one left: W1 insert all in one flush; W2
load all authors into a fresh EntityManager (\`em.find(Author, {})\`); W3 \`findOne\` by key on every
managed author; W4b flush with nothing changed (W4b+: the same flush nine more times, their median —
the first one after a load pays for re-optimising code, see docs/steady-state-profile.md); W4 flush with every hundredth author renamed; W5
rename every author and flush; W6 remove every author (its book by cascade) and flush; W7 (run right
after W2, while the rows exist) load every book with its author into a fresh EntityManager
(\`em.find(Book, {}, { populate: ['author'] })\`; the raw floor runs the best two-query equivalent:
the books, then their authors \`WHERE id IN (…)\` chunked under the bind limit — \`= ANY($1)\` of one
array on PostgreSQL — linked in memory through a \`Map\`); each loaded book is checked to hold the
author it was written with, which also checks W1's generated ids.

**Steady state and cold.** Each repetition of each contender is a fresh Node process, and the
contenders alternate within each repetition. A process runs the sequence W1…W7 \`--rounds\` times
(default 5) at full size, each round on freshly created tables and a fresh EntityManager, then W8
once. The **first round is the cold figure**: what a one-shot job sees (a CLI, a lambda, a
migration script), JIT compilation and first-use costs included. The **median of the later rounds
is the steady state**: what a long-running server sees once its code is warm. The steady state is
the headline — the targets are judged on it, and the chart shows it — and the cold figures stand
beside it. Both are medians (min–max) over the processes of each process's own figure. With
\`--rounds 1\` every figure is cold (as all results saved before this mode were).

W8, last, streams a table of 1,000,000 rows (\`--stream-rows\` sets the count) made
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

**Heap per entity** is what W2's result retains (the heap with the loaded entities and their
EntityManager alive, minus the heap once they are released, both after a forced GC) divided by
\`n\`. **"The raw rows'" heap**, the floor of the heap target, is the raw floor's figure for the same
W2: the \`Author\` objects it builds from the driver's rows (id, name, email, an empty \`books\`
array), which is what an application holding the rows keeps; the driver's row objects themselves
are garbage once built and are not counted. TypeORM and the raw floor have no EntityManager to keep.
Below about 10,000 rows the figure is within the noise of V8's own allocations between the two
measurements (compiled code, type feedback): judge it at 10,000 rows or more.

**Targets (issue 20), judged on the steady state:** W1, W5, W6 ≤ 1.3× the raw floor; W2 ≤ 1.5×;
W4 ≤ 2×; W7 ≤ 2× (issue 9); W4b ≤ 0.5 ms at 20,000 managed entities (10,000 authors and their
books), a budget that grows linearly with the size, and at 10× the size no more than 10× the time
(the 10,000 section shows both figures and their ratio); W3 ≥ 5,000,000 lookups per second; heap per
managed entity ≤ 2× the raw rows'; growth from 10,000 to 100,000 rows ≤ 11×. Growth is only judged
between sizes measured by one command (\`--n 10000,100000\`).

Statement counts come from one extra, untimed run per contender (one round) and leave out
BEGIN/COMMIT; that run skips W8 (one streamed query for every contender; PostgreSQL's FETCH round
trips are not statements).
Figures are medians over the repetitions with min–max; ratios are medians over the raw floor's
median of the same run and the same view (steady over steady, cold over cold).

Peers: MikroORM and TypeORM, mapped without decorators (\`EntitySchema\`), live in
\`benchmarks/peers/\` with their own \`package.json\`; only \`npm run bench:peers\` and
\`npm run bench:lifecycle\` install them there. MikroORM stays at 6.6.7: MikroORM 7 needs Node 22.17
or later. TypeORM is 1.1 (it supports Node 20.19 and later).
On SQLite both use \`better-sqlite3\` (a synchronous driver), not \`sqlite3\` as Tabula and the raw
floor do; every SQLite contender sets \`journal_mode = WAL\`, \`synchronous = NORMAL\` and
\`foreign_keys = ON\`. Peers are not run on MySQL (their MySQL adapters are not installed in
\`benchmarks/peers/\`). W7 for MikroORM is \`em.find(Book, {}, { populate: ['author'] })\`, for TypeORM
\`find(Book, { relations: { author: true } })\` (one JOIN). W8: MikroORM 6 has no streaming API;
TypeORM's \`createQueryBuilder().stream()\` gives raw rows, not entities, and works on PostgreSQL only
(through \`pg-query-stream\`).
Results saved before W7/W8 existed show them as "not run".

## How the per-request lifecycle is measured

\`npm run bench:lifecycle\` measures what a web request costs rather than a bulk job. One iteration
is one request on a fresh unit of work (\`orm.em.fork()\` for Tabula and MikroORM; Drizzle and
TypeORM have none to make fresh): **insert 10 rows, read 200, update one by id, read it again, read
50 parents with their children, delete one, read nothing** (a filter no row matches). The data: 50
companies with 4 users each (\`lc_companies\`, \`lc_users\` with an FK and its index), created and
seeded by the harness with plain SQL, and put back to the seed between blocks of iterations
(untimed). Every entry runs on PostgreSQL on **one connection** (a pool of at most one, or one
\`pg.Client\`): the raw \`pg\` floor with hand-written SQL, one statement per step (the nested read is
one query joining the 50 companies to their users); Tabula written from these docs (\`persist\` +
\`flush\`, \`findOneOrFail\` + assign + \`flush\`, \`remove\` + \`flush\`, \`find\` with \`populate\`, the
user's company mapped as a relation, \`company: Company\`); Drizzle (\`db.insert().values()\`, the
relational \`db.query….findMany({ with })\`); TypeORM through its repositories; MikroORM with
\`em.fork()\`. All five run **in the same process**, in blocks of \`--block\` iterations (50) whose
order rotates each block, \`--warmup\` iterations (100) each first, then \`--iterations\` (500)
measured. Each step's result is checked outside its timing (ids generated, 200 rows read, the new
name read back, 50 parents, nothing found). Tabula and MikroORM answer "read it again" from the
unit of work's identity map without a statement, as their users get it; Drizzle, TypeORM and the
floor ask the database. The figures: median µs per step and per whole request
(the median of each iteration's sum of steps), the overhead over the raw floor, the rank among the
ORMs, and the statements each step sends, counted where they leave Node (\`pg.Client#query\`, BEGIN
and COMMIT included: each is a round trip). The target (issue 20): Tabula's overhead the lowest of
the ORMs in the same run, and no step slower than Drizzle's. A peer that is not installed or fails
to start is left out and named; \`--only raw,tabula\` runs a subset.

## Provenance

Every result, in \`benchmarks/out/\` and here, JSON and Markdown, records the code (the commit's
short hash and whether tracked files differed from it — **dirty** —, and Tabula's version) and the
machine (CPU model, cores, memory, OS, Node version, the database server's version) and the 1-,
5- and 15-minute load averages when the run started and when it ended: a load above the core count
means other work shared the machine and the figures are noisier. Results saved before this was
recorded say so.

**Tabula runs from its build**, as users run it: \`npm run bench\`, \`bench:peers\` and
\`bench:lifecycle\` build first (\`npm run build\`), and \`benchmarks/harness/use-build.cjs\` answers
every import of \`lib/\` with the same module of \`dist/cjs/\` (a build older than \`lib/\` is refused).
The harness itself is TypeScript run through tsx, and tsx wraps every function it creates at run
time in an \`Object.defineProperty\` call to keep its name; on Tabula's own code that cost no user
pays was +1,500–1,800 µs per lifecycle request (+4,815–4,880 µs over raw \`pg\` from the source,
+3,041–3,503 from the build, the same code alternated). Each result says which code ran ("run from
its build" or "from its TypeScript source"); results saved before this was recorded ran the source.

## Running them

\`npm run bench\` prints the figures in the terminal and writes them to
\`benchmarks/out/<database>-<n>-<time>.json\` and \`.md\`, and \`npm run bench:lifecycle\` to
\`benchmarks/out/lifecycle-postgres-<time>.json\` and \`.md\` (not committed); neither touches this
page. Only \`--write-report\` (which \`npm run bench:peers\` passes) saves the run to
\`benchmarks/results/\`, one file per database and size (\`benchmarks/results/lifecycle/postgres.json\`
for the lifecycle) replacing the previous one, and rewrites this page and its chart — **except that a
run lacking a contender the saved result has (a peer not installed, \`--peers\` forgotten) never
replaces it**: the saved result is kept, the command says so, and the new run stays in
\`benchmarks/out/\`. \`--db postgres\` or \`--db mysql\` without a URL starts a throwaway server from
the locally installed binaries (as the spec suite does) and stops it at the end; the lifecycle
benchmark does so when no \`--db\` is given.

\`\`\`
npm run bench                                     # SQLite file, n = 10,000, 5 processes × 5 rounds
npm run bench -- --db postgres://… --n 2000 --reps 2
npm run bench -- --db postgres --n 10000,100000   # a throwaway server; and at 10× to show growth
npm run bench -- --n 1000 --reps 2 --rounds 3 --stream-rows 50000   # a quick development run
npm run bench -- --rounds 1                       # cold figures only, as before the steady-state mode
npm run bench -- --db postgres --cpu-prof         # and a V8 CPU profile per process in benchmarks/out/profiles/
npm run bench -- --db mysql --write-report        # MySQL/MariaDB: raw floor and Tabula, into this page
npm run bench:peers -- --db postgres://…          # with MikroORM and TypeORM, into this page
npm run bench:lifecycle                           # the per-request lifecycle on a throwaway PostgreSQL
npm run bench:lifecycle -- --iterations 100 --warmup 20    # a quick development run
npm run bench:lifecycle -- --write-report         # into this page
npm run bench -- --report-only                    # rewrite this page from benchmarks/results/
\`\`\`

Where a request's overhead goes, step by step (CPU time per step beside the raw floor, and with
\`--profile\` the V8 samples of each step summed per function; run \`npm run build\` first):

\`\`\`
node --expose-gc --import tsx --require ./benchmarks/harness/use-build.cjs benchmarks/lifecycle/profile-steps.ts --profile
\`\`\`

![Median time over the raw floor, per workload (the steady state where measured)](benchmarks.svg)
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
