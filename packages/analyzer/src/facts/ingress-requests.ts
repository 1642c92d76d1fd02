import {
  prometheusQueriesPath,
  type IngressMetricsFile,
  type PrometheusQueriesFile,
} from '@studio-support/schema';
import type { FactContext } from './context.js';
import type { FactCollection, FactItem } from './types.js';

export const ingressRequestsCollection: FactCollection = {
  name: 'ingressRequests',
  doc: 'Requests the ingress-nginx controller counted per Studio Ingress and backend Service since it started (its /metrics), by outcome: which backend the 502s come from.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace of the Ingress.' },
    ingress: { type: 'string', doc: 'Ingress name.' },
    service: { type: 'string', doc: 'Backend Service the requests went to.' },
    requests: { type: 'number', doc: 'All requests counted.' },
    count502: { type: 'number', doc: 'Answered 502 Bad Gateway.' },
    count503: { type: 'number', doc: 'Answered 503.' },
    count504: { type: 'number', doc: 'Answered 504.' },
    count5xx: { type: 'number', doc: 'Answered any 5xx.' },
    percent502: { type: 'number', doc: '502s as a percentage of all requests (two decimals).' },
  },
};

export const prometheusAlertsCollection: FactCollection = {
  name: 'prometheusAlerts',
  doc: "What Prometheus said (--prometheus): the guide's alert expressions that hold now, the 502 rate by service, and the firing ALERTS.",
  fields: {
    query: {
      type: 'string',
      doc: 'high-502-error-rate, backend-service-down, rate-502-by-service or firing-alerts.',
    },
    alertname: {
      type: 'string',
      doc: 'ALERTS: the alert; the guide’s expressions: High502ErrorRate or BackendServiceDown.',
    },
    namespace: { type: 'string', doc: 'namespace label.' },
    ingress: { type: 'string', doc: 'ingress label.' },
    service: { type: 'string', doc: 'service label.' },
    job: { type: 'string', doc: 'job label.' },
    value: { type: 'number', doc: 'The sample value (a rate per second for the 502 queries).' },
    labels: { type: 'map', doc: 'Every label of the series.' },
  },
};

export function buildIngressRequests(ctx: FactContext): FactItem[] {
  const byKey = new Map<string, FactItem & { requests: number; count5xx: number }>();
  for (const path of [...ctx.bundle.files.keys()].sort()) {
    if (!/^ingress-metrics\/[^/]+\/[^/]+\.json$/.test(path)) continue;
    const file = ctx.json(path) as IngressMetricsFile | undefined;
    const family = file?.families?.find((f) => f.name === 'nginx_ingress_controller_requests');
    for (const s of family?.samples ?? []) {
      const { namespace = '', ingress = '', service = '', status = '' } = s.labels;
      if (!ctx.namespaces.includes(namespace)) continue;
      const key = `${namespace}/${ingress}/${service}`;
      let item = byKey.get(key);
      if (!item) {
        item = {
          namespace,
          ingress,
          service,
          requests: 0,
          count502: 0,
          count503: 0,
          count504: 0,
          count5xx: 0,
          evidence: [],
        };
        byKey.set(key, item);
      }
      item.requests += s.value;
      if (status.startsWith('5')) item.count5xx += s.value;
      for (const code of ['502', '503', '504']) {
        if (status === code) item[`count${code}`] = (item[`count${code}`] as number) + s.value;
      }
      if (!item.evidence.some((e) => e.path === path)) {
        item.evidence.push({
          path,
          excerpt: `${file!.pod}: ingress ${ingress} → service ${service}`,
        });
      }
    }
  }
  return [...byKey.values()].map((item) => {
    const percent502 =
      item.requests > 0
        ? Math.round(((item.count502 as number) / item.requests) * 10_000) / 100
        : 0;
    const evidence = item.evidence.map((e) => ({
      ...e,
      excerpt: `${e.excerpt}: ${String(item.count502)} of ${item.requests} requests answered 502 (${percent502}%), ${item.count5xx} 5xx in all, since the controller started`,
    }));
    return { ...item, percent502, evidence };
  });
}

const alertOfQuery: Record<string, string> = {
  'high-502-error-rate': 'High502ErrorRate',
  'backend-service-down': 'BackendServiceDown',
};

export function buildPrometheusAlerts(ctx: FactContext): FactItem[] {
  const file = ctx.json(prometheusQueriesPath) as PrometheusQueriesFile | undefined;
  const out: FactItem[] = [];
  for (const q of file?.queries ?? []) {
    if (q.status !== 'success') continue;
    for (const r of q.result ?? []) {
      const labels = r.metric ?? {};
      const value = Number(r.value?.[1]);
      const alertname = q.id === 'firing-alerts' ? labels.alertname : alertOfQuery[q.id];
      out.push({
        query: q.id,
        alertname,
        namespace: labels.namespace,
        ingress: labels.ingress,
        service: labels.service,
        job: labels.job,
        value: Number.isFinite(value) ? value : undefined,
        labels,
        evidence: [
          {
            path: prometheusQueriesPath,
            excerpt: `${q.expr} → {${Object.entries(labels)
              .map(([k, v]) => `${k}="${v}"`)
              .join(', ')}} ${r.value?.[1] ?? ''}`.trim(),
          },
        ],
      });
    }
  }
  return out;
}
