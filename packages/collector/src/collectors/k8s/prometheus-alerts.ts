import { prometheusQueriesPath, type PrometheusQueriesFile } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import { instantQuery, prometheusTarget } from '../../prometheus/client.js';
import type { K8sEnv } from './env.js';

type QueryId = PrometheusQueriesFile['queries'][number]['id'];

/**
 * The troubleshooting guide's two alerts, their expressions verbatim (High502ErrorRate,
 * BackendServiceDown), the 502 rate by service below any threshold, and what is firing.
 */
export const prometheusQueries: readonly { id: QueryId; expr: string }[] = [
  {
    id: 'high-502-error-rate',
    expr: 'rate(nginx_ingress_controller_requests{status="502"}[5m]) > 0.1',
  },
  { id: 'backend-service-down', expr: 'up{job="datachain-studio-backend"} == 0' },
  {
    id: 'rate-502-by-service',
    expr: 'sum by (namespace, ingress, service) (rate(nginx_ingress_controller_requests{status="502"}[5m]))',
  },
  { id: 'firing-alerts', expr: 'ALERTS{alertstate="firing"}' },
];

/**
 * --prometheus URL: instant queries, all at once, each ended at --request-timeout. A query
 * Prometheus refuses or does not answer is recorded in the file and in the manifest; the
 * others stand.
 */
export const prometheusAlerts: Collector<K8sEnv> = {
  id: 'prometheus-alerts',
  description: "with --prometheus: the guide's 502 alert expressions and the firing ALERTS",
  async collect(ctx) {
    const { options, clock } = ctx.env;
    if (!options.prometheusUrl) {
      ctx.skip('--prometheus not given');
      return;
    }
    const target = prometheusTarget(options.prometheusUrl);
    const timeoutMs = ctx.env.client.requestTimeoutMs;
    const queries = await Promise.all(
      prometheusQueries.map(async (q) => {
        const answer = await instantQuery(target, q.expr, timeoutMs, ctx.signal);
        if (answer.status === 'error') {
          ctx.error({
            message: `Prometheus ${q.id} (${q.expr}): ${answer.error}`,
            code: answer.errorType === 'timeout' ? 'Timeout' : 'PrometheusError',
            path: prometheusQueriesPath,
            resource: target.base,
          });
        }
        return {
          id: q.id,
          expr: q.expr,
          ...answer,
          durationMs: clock.deterministic ? 0 : answer.durationMs,
        };
      }),
    );
    const file: PrometheusQueriesFile = { url: target.base, queries };
    await ctx.writeJson(prometheusQueriesPath, file);
  },
};
