/**
 * Kubernetes label selectors (`app=web,tier!=db,env in (a,b),!legacy,release`), parsed once
 * per request and matched against metadata.labels the way the API server does.
 */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'doesNotExist' }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'gt' | 'lt'; value: number };

export type LabelSelector = LabelRequirement[];

export class SelectorError extends Error {}

const key = String.raw`([A-Za-z0-9][-A-Za-z0-9_./]*)`;
const value = String.raw`([-A-Za-z0-9_.]*)`;
const forms: [RegExp, (m: RegExpExecArray) => LabelRequirement][] = [
  [new RegExp(String.raw`^!\s*${key}$`), (m) => ({ key: m[1]!, op: 'doesNotExist' })],
  [
    new RegExp(String.raw`^${key}\s+(in|notin)\s*\(([^()]*)\)$`),
    (m) => ({
      key: m[1]!,
      op: m[2] as 'in' | 'notin',
      values: m[3]!.split(',').map((v) => v.trim()),
    }),
  ],
  [
    new RegExp(String.raw`^${key}\s*(==|=|!=)\s*${value}$`),
    (m) => ({ key: m[1]!, op: m[2] === '!=' ? 'notin' : 'in', values: [m[3]!] }),
  ],
  [
    new RegExp(String.raw`^${key}\s*(<|>)\s*(-?\d+)$`),
    (m) => ({ key: m[1]!, op: m[2] === '>' ? 'gt' : 'lt', value: Number(m[3]) }),
  ],
  [new RegExp(`^${key}$`), (m) => ({ key: m[1]!, op: 'exists' })],
];

/** Splits on commas outside parentheses: `a in (x,y),b` is two requirements. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

export function parseLabelSelector(text: string): LabelSelector {
  if (text.trim() === '') return [];
  return splitTopLevel(text).map((raw) => {
    const part = raw.trim();
    for (const [re, build] of forms) {
      const m = re.exec(part);
      if (m) return build(m);
    }
    throw new SelectorError(
      `unable to parse requirement: ${JSON.stringify(part)} in labelSelector ${JSON.stringify(text)}: expected key, !key, key=value, key!=value, key in (a,b) or key notin (a,b)`,
    );
  });
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  return selector.every((r) => {
    const has = labels !== undefined && Object.hasOwn(labels, r.key);
    const v = has ? labels[r.key]! : undefined;
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      case 'in':
        return has && r.values.includes(v!);
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(v!)) return false;
        return r.op === 'gt' ? Number(v) > r.value : Number(v) < r.value;
      }
    }
  });
}
