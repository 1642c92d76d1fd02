/** Tolerant accessors over parsed JSON: bundles from other tools may lack any field. */
export type Json = unknown;

export function rec(v: Json): Record<string, Json> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, Json>)
    : {};
}

export function arr(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: Json): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: Json): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: Json): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

/** rec(rec(rec(v).a).b)... by a dotted path. */
export function at(v: Json, path: string): Json {
  let cur = v;
  for (const key of path.split('.')) cur = rec(cur)[key];
  return cur;
}

export function strMap(v: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(rec(v))) if (typeof x === 'string') out[k] = x;
  return out;
}

/** Parses a time; undefined for anything that is not one. */
export function time(v: Json): Date | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function iso(d: Date | undefined): string | undefined {
  return d?.toISOString().replace('.000Z', 'Z');
}
