import {
  hostCommandOutputPath,
  type HealthProbeFile,
  type HostCommandResult,
  hostCommandResultPath,
} from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import type { FactCollection, FactItem, Facts } from './types.js';

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
    via: {
      type: 'string',
      doc: 'How it was asked: pod-proxy (--probe-health), curl-on-host (VM), curl-in-pod (the backend asking itself) or curl-via-service (a frontend pod asking the backend Service) with --exec-checks.',
    },
  },
};

/** What curl's exit codes mean (curl(1), EXIT CODES), for a check that printed nothing. */
const curlExit: Record<number, string> = {
  6: 'could not resolve the host (curl exit code 6)',
  7: 'could not connect (curl exit code 7)',
  22: 'answered an HTTP error (curl -f, exit code 22)',
  28: 'timed out (curl exit code 28)',
  52: 'empty reply from the server (curl exit code 52)',
  56: 'connection reset while receiving (curl exit code 56)',
};

/** The in-pod curl checks (--exec-checks) as health answers. */
function fromExecChecks(facts: Facts): FactItem[] {
  return (facts.execChecks ?? [])
    .filter((c) => (c.check === 'health' || c.check === 'backend-health') && c.ran === true)
    .map((c) => {
      const inPod = c.check === 'health';
      const error =
        c.ok === true
          ? undefined
          : ((c.error as string | undefined) ??
            (c.timedOut
              ? 'timed out'
              : (curlExit[c.exitCode as number] ?? `curl exit code ${String(c.exitCode)}`)));
      return {
        namespace: c.namespace,
        ...(inPod ? { pod: c.pod } : {}),
        component: 'backend',
        path: '/health',
        status: c.status,
        ok: c.ok,
        error,
        via: inPod ? 'curl-in-pod' : 'curl-via-service',
        evidence: c.evidence,
      };
    });
}

const curlIds: [string, string][] = [
  ['curl-health', '/health'],
  ['curl-health-ready', '/health/ready'],
  ['curl-health-live', '/health/live'],
];

export function buildHealthProbes(ctx: FactContext, facts: Facts): FactItem[] {
  const out: FactItem[] = fromExecChecks(facts);
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
        via: 'pod-proxy',
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
      via: 'curl-on-host',
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
