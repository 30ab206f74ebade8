/**
 * Text helpers the dialects' schema readers share: splitting a type name from its size, and the
 * normalisations of default expressions that are the same everywhere (outer parentheses, case
 * outside string literals, quoted numbers on numeric columns).
 */

/** `timestamp(3) with time zone` → name `timestamp with time zone`, args [3]. Lower case. */
export function splitTypeText(text: string): { readonly name: string; readonly args: readonly string[] } {
  const match = /^(.*?)\(([^)]*)\)(.*)$/s.exec(text.trim());
  const name = match ? `${match[1]} ${match[3]}` : text;
  const args = match ? (match[2] as string).split(',').map((a) => a.trim()) : [];
  return { name: name.toLowerCase().replace(/\s+/g, ' ').trim(), args };
}

/** Lower-cases keywords and function names, leaving string literals as they are. */
export function lowerOutsideQuotes(text: string): string {
  return text.replace(/('(?:[^']|'')*')|([^']+)/g, (_m, quoted: string | undefined, plain: string | undefined) =>
    quoted !== undefined ? quoted : (plain as string).toLowerCase(),
  );
}

/** `((x))` → `x`, when the parentheses wrap the whole expression. */
export function stripOuterParentheses(text: string): string {
  let out = text.trim();
  while (out.startsWith('(') && out.endsWith(')') && wrapsWhole(out)) out = out.slice(1, -1).trim();
  return out;
}

function wrapsWhole(text: string): boolean {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    if (quoted) continue;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth === 0 && i < text.length - 1) return false;
  }
  return true;
}

/**
 * A number default on a numeric column in one spelling: unquoted (`'-1'` is `-1`) and without
 * trailing zeros (MariaDB prints DEFAULT 10.5 on a DECIMAL(10,2) as `10.50`, PostgreSQL as `10.5`).
 */
export function unquoteNumber(text: string): string {
  const match = /^'?(-?)(\d+)(?:\.(\d*?)0*)?'?$/.exec(text);
  if (!match || text.startsWith("'") !== text.endsWith("'")) return text;
  const [, sign, whole, fraction] = match as unknown as [string, string, string, string | undefined];
  const digits = `${whole.replace(/^0+(?=\d)/, '')}${fraction ? `.${fraction}` : ''}`;
  return digits === '0' ? '0' : `${sign}${digits}`;
}

/** `'it''s'` → `it's`; undefined when `text` is not one string literal. */
export function stringLiteralValue(text: string): string | undefined {
  const match = /^'((?:[^']|'')*)'$/s.exec(text);
  return match ? (match[1] as string).replaceAll("''", "'") : undefined;
}
