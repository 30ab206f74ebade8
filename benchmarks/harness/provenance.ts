/**
 * Which code and which machine produced a figure: recorded with every result (steady-state and
 * lifecycle, JSON and Markdown) so that two figures are only compared when they can be.
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { tabulaCode, tabulaVersion } from './environment';

const ROOT = join(__dirname, '..', '..');

export interface Provenance {
  /** Short commit hash of the checkout the run used, or `unknown` outside a git checkout. */
  readonly commit: string;
  /** Tracked files differed from that commit: the figures may come from code no commit holds. */
  readonly dirty: boolean;
  /** `tabula <version>` from package.json. */
  readonly tabula: string;
  /**
   * `build`: Tabula ran from `dist/cjs` as users run it; `source`: its TypeScript through tsx, which
   * adds a run-time name wrapper per closure (absent from results saved before this was recorded).
   */
  readonly tabulaCode?: 'build' | 'source';
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** `linux x64` */
  readonly os: string;
  readonly node: string;
  /** The database server's own version string. */
  readonly database: string;
  /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
  readonly loadStart: readonly number[];
  readonly loadEnd: readonly number[];
  readonly startedAt: string;
  readonly endedAt: string;
}

function git(args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

/** The commit and whether tracked files differ from it (untracked files are not counted). */
export function codeRevision(): { commit: string; dirty: boolean } {
  const commit = git(['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === undefined ? true : status.length > 0 };
}

const load = () => loadavg().map((v) => Math.round(v * 100) / 100);

/** Taken when a run starts; {@link finishProvenance} adds the load and time at its end. */
export function startProvenance(database: string): Omit<Provenance, 'loadEnd' | 'endedAt'> {
  const cpu = cpus();
  return {
    ...codeRevision(),
    tabula: tabulaVersion(),
    tabulaCode: tabulaCode(),
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${process.platform} ${process.arch}`,
    node: process.version,
    database,
    loadStart: load(),
    startedAt: new Date().toISOString(),
  };
}

export function finishProvenance(started: Omit<Provenance, 'loadEnd' | 'endedAt'>): Provenance {
  return { ...started, loadEnd: load(), endedAt: new Date().toISOString() };
}

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const loads = (l: readonly number[]) => l.map((v) => v.toFixed(2)).join(' / ');

/** One Markdown paragraph: the code, the machine and its load, the database, the time. */
export function provenanceText(p: Provenance): string {
  const how =
    p.tabulaCode === 'build'
      ? ' run from its build (`dist/cjs`)'
      : p.tabulaCode === 'source'
        ? ' run from its TypeScript source through tsx'
        : '';
  const code = `code \`${p.commit}\`${p.dirty ? ' **with uncommitted changes** (dirty)' : ' (clean)'}, ${p.tabula}${how}`;
  const machine = `${p.cores} × ${p.cpu}, ${p.memoryGiB} GiB RAM, ${p.os}, Node ${p.node}`;
  return [
    `Produced by ${code}; on ${machine}; database ${p.database}.`,
    `Run ${minute(p.startedAt)} to ${minute(p.endedAt)}; load average (1/5/15 min) ${loads(p.loadStart)} at the start, ${loads(p.loadEnd)} at the end (${p.cores} cores: a load above that means other work shared the machine).`,
  ].join(' ');
}
