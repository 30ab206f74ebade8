/** JSON with object keys sorted at every level, so equal values always serialise equally. */
export function stableJson(value: unknown): string | null {
  if (value == null) return null;
  const text = JSON.stringify(value, (_key, v: unknown) => (isPlainObject(v) ? sortedCopy(v) : v));
  return text === undefined ? null : text;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function sortedCopy(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort()) out[key] = v[key];
  return out;
}
