import type { IngressMetricsFile } from '@studio-support/schema';

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function value(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** Families back into the Prometheus text format (0.0.4), as a /metrics endpoint serves them. */
export function exposition(families: IngressMetricsFile['families']): string {
  const out: string[] = [];
  for (const f of families) {
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`);
    for (const s of f.samples) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      out.push(`${s.name}${labels ? `{${labels}}` : ''} ${value(s.value)}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
