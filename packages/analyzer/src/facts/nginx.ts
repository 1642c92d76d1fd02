import type { ScanPattern } from '../bundle/line-scan.js';
import type { FactContext } from './context.js';
import type { Facts, FactCollection, FactItem } from './types.js';

/**
 * nginx's upstream error kinds, as nginx (and ingress-nginx, which is nginx) prints them
 * in error.log, plus access-log lines answered 502/503/504. Each kind is its own pattern
 * in the combined log scan, so counts per kind are exact.
 */
export const nginxKinds: { kind: string; source: string }[] = [
  {
    kind: 'connect-refused',
    source: String.raw`connect\(\) failed \(111: Connection refused\) while connecting to upstream`,
  },
  {
    kind: 'host-unreachable',
    source: String.raw`connect\(\) failed \(113: (?:No route to host|Host is unreachable)\) while connecting to upstream`,
  },
  { kind: 'no-live-upstreams', source: String.raw`no live upstreams while connecting to upstream` },
  {
    kind: 'prematurely-closed',
    source: String.raw`upstream prematurely closed connection while reading (?:response header|upstream)`,
  },
  {
    kind: 'connection-reset',
    source: String.raw`recv\(\) failed \(104: Connection reset by peer\) while reading response header from upstream`,
  },
  {
    kind: 'timed-out',
    source: String.raw`upstream timed out \(110: (?:Connection|Operation) timed out\) while (?:connecting to|reading response header from) upstream`,
  },
  { kind: 'dns-unresolved', source: String.raw` could not be resolved \(\d+: [^)]*\)` },
  {
    kind: 'header-too-big',
    source: String.raw`upstream sent too big header while reading response header from upstream`,
  },
  {
    kind: 'invalid-header',
    source: String.raw`upstream sent no valid HTTP/1\.0 header while reading response header from upstream`,
  },
  {
    kind: 'ssl-handshake',
    source: String.raw`SSL_do_handshake\(\) failed .*while SSL handshaking to upstream`,
  },
  { kind: 'http-502', source: String.raw`\] "[^"]*" 502 \d+ ` },
  { kind: 'http-503', source: String.raw`\] "[^"]*" 503 \d+ ` },
  { kind: 'http-504', source: String.raw`\] "[^"]*" 504 \d+ ` },
];

const patternId = (kind: string): string => `fact:nginx:${kind}`;

export const nginxScanPatterns: ScanPattern[] = nginxKinds.map((k) => ({
  id: patternId(k.kind),
  source: k.source,
  keep: 3,
}));

export const nginxErrorsCollection: FactCollection = {
  name: 'nginxErrors',
  doc: "nginx's upstream errors and 5xx answers, per log and kind, parsed from ingress-nginx pod logs and the VM's nginx logs.",
  fields: {
    path: { type: 'string', doc: 'Log the lines are in.' },
    source: {
      type: 'string',
      doc: 'Component whose pod logged it (ingress-controller, frontend, …), or host for the VM.',
    },
    namespace: { type: 'string', doc: 'Namespace of the controller pod.' },
    pod: { type: 'string', doc: 'Controller pod.' },
    kind: { type: 'string', doc: nginxKinds.map((k) => k.kind).join(', ') + '.' },
    count: { type: 'number', doc: 'Lines of this kind in the log.' },
    status: { type: 'number', doc: 'The HTTP status of the http-5xx kinds.' },
    upstream: {
      type: 'string',
      doc: 'upstream: "…" of the first line (the pod address nginx tried).',
    },
    request: { type: 'string', doc: 'request: "…" of the first line.' },
    host: { type: 'string', doc: 'host: "…" of the first line.' },
    firstTime: { type: 'date', doc: 'Time of the first line.' },
  },
};

const months: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** error.log "2026/11/25 11:58:01" or access.log "[25/Nov/2026:11:58:01 +0000]", as UTC. */
export function nginxTime(line: string): string | undefined {
  const e = /(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d)/.exec(line);
  if (e) return `${e[1]}-${e[2]}-${e[3]}T${e[4]}Z`;
  const a = /\[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d:\d\d:\d\d) ([+-]\d{4})\]/.exec(line);
  if (a && months[a[2]!]) {
    const d = new Date(
      `${a[3]}-${months[a[2]!]}-${a[1]}T${a[4]}${a[5]!.slice(0, 3)}:${a[5]!.slice(3)}`,
    );
    if (!Number.isNaN(d.getTime())) return d.toISOString().replace('.000Z', 'Z');
  }
  return undefined;
}

const field = (line: string, name: string): string | undefined =>
  new RegExp(`${name}: "([^"]*)"`).exec(line)?.[1];

export function buildNginxErrors(ctx: FactContext, facts: Facts): FactItem[] {
  const out: FactItem[] = [];
  for (const log of facts.logs ?? []) {
    const path = String(log.path);
    const scan = ctx.bundle.logs.get(path);
    if (!scan) continue;
    for (const { kind } of nginxKinds) {
      const hits = scan.hits.get(patternId(kind));
      if (!hits) continue;
      const first = hits.samples[0]?.text ?? '';
      const request = field(first, 'request') ?? /\] "([^"]*)" \d{3} /.exec(first)?.[1];
      out.push({
        path,
        source: log.kind === 'pod' ? String(log.component) : 'host',
        namespace: log.namespace,
        pod: log.pod,
        kind,
        count: hits.count,
        status: kind.startsWith('http-') ? Number(kind.slice('http-'.length)) : undefined,
        upstream: field(first, 'upstream'),
        request,
        host: field(first, 'host'),
        firstTime: nginxTime(first),
        evidence: hits.samples.map((s) => ({
          path,
          line: s.line,
          excerpt: s.text,
          time: nginxTime(s.text),
        })),
      });
    }
  }
  return out;
}
