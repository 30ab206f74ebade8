/**
 * What the command prints: colour and progress on a terminal, plain lines when piped
 * (`process.stdout.isTTY`), never colour under NO_COLOR or --no-color. Results go to stdout, the
 * story of the run (progress, notes) to stderr, so `tabula schema diff > change.sql` keeps the SQL.
 */
export interface Output {
  /** A result line (stdout). */
  out(text: string): void;
  /** A note, progress or warning (stderr). */
  info(text: string): void;
  readonly colour: boolean;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

export function createOutput(options: { readonly colour?: boolean | undefined } = {}): Output {
  const env = process.env;
  const colour =
    options.colour !== false &&
    env.NO_COLOR === undefined &&
    (env.FORCE_COLOR !== undefined || process.stdout.isTTY === true);
  const paint = (code: number, reset: number) => (text: string) =>
    colour ? `\u001b[${code}m${text}\u001b[${reset}m` : text;
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    info: (text) => process.stderr.write(`${text}\n`),
    colour,
    green: paint(32, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
    dim: paint(2, 22),
    bold: paint(1, 22),
  };
}

/** Statements as a script: each ends with `;`, blank line between. */
export function script(statements: readonly string[]): string {
  return statements.map((s) => `${s.replace(/;\s*$/, '')};`).join('\n');
}
