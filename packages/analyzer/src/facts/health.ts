import {
  hostCommandOutputPath,
  type HealthProbeFile,
  type HostCommandResult,
  hostCommandResultPath,
} from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import type { FactCollection, FactItem } from './types.js';

export const healthProbesCollection: FactCollection = {
  name: 'healthProbes',
  doc: "Answers of the backend's /health endpoints: through the API server's pod proxy (--probe-health) or curl on the VM.",
  fields: {
    namespace: { type: 'string', doc: 'Namespace of the pod (absent on a VM).' },
    pod: { type: 'string', doc: 'Pod probed (absent on a VM).' },
    component: { type: 'string', doc: 'Component probed.' },
    path: { type: 'string', doc: '/health, /health/ready or /health/live.' },
    status: { type: 'number', doc: 'HTTP status (absent when no answer came).' },
    ok: { type: 'boolean', doc: 'A 2xx answer.' },
    latencyMs: { type: 'number', doc: 'Time to answer.' },
    error: { type: 'string', doc: 'Why no answer came (connection refused, timeout, …).' },
  },
};

const curlIds: [string, string][] = [
  ['curl-health', '/health'],
  ['curl-health-ready', '/health/ready'],
  ['curl-health-live', '/health/live'],
];

export function buildHealthProbes(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const path of ctx.bundle.files.keys()) {
    if (!/^health\/[^/]+\/[^/]+\.json$/.test(path)) continue;
    const file = ctx.json(path) as HealthProbeFile | undefined;
    if (!file?.probes || !ctx.namespaces.includes(file.namespace)) continue;
    for (const p of file.probes) {
      out.push({
        namespace: file.namespace,
        pod: file.pod,
        component: componentOf({}, file.pod),
        path: p.path,
        status: p.status ?? undefined,
        ok: p.status !== null && p.status >= 200 && p.status < 300,
        latencyMs: p.latencyMs,
        error: p.error,
        evidence: [
          {
            path,
            excerpt: `GET ${p.path} on ${file.pod}:${file.port}: ${p.status ?? p.error ?? 'no answer'} in ${p.latencyMs} ms`,
          },
        ],
      });
    }
  }
  for (const [id, urlPath] of curlIds) {
    const r = ctx.json(hostCommandResultPath(id)) as HostCommandResult | undefined;
    if (!r || r.missing) continue;
    const stdout = ctx.text(hostCommandOutputPath(id)) ?? '';
    // curl -i prints "HTTP/1.1 503 …"; -w '%{http_code}' prints the bare status.
    const m = /^HTTP\/[\d.]+ (\d{3})/m.exec(stdout) ?? /^(\d{3})\s*$/m.exec(stdout);
    const status = m ? Number(m[1]) : undefined;
    out.push({
      component: 'backend',
      path: urlPath,
      status: status === 0 ? undefined : status,
      // curl -f exits non-zero on an HTTP error, so exit 0 without a status line is a 2xx.
      ok: r.exitCode === 0 && (status === undefined || (status >= 200 && status < 300)),
      latencyMs: r.durationMs,
      error:
        r.exitCode === 0
          ? undefined
          : r.stderr.trim().split('\n')[0] ||
            (r.timedOut ? 'timed out' : `exit code ${String(r.exitCode)}`),
      evidence: [
        {
          path: hostCommandResultPath(id),
          excerpt: `${r.argv.join(' ')}: exit code ${String(r.exitCode)}${r.stderr ? `; ${r.stderr.trim().split('\n')[0]}` : ''}${status ? `; HTTP ${status}` : ''}`,
        },
      ],
    });
  }
  return out;
}
