import { nodeMetricsPath, podMetricsPath } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import { ApiError } from '../../k8s/api-error.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';

/** The metrics API metrics-server registers (what `kubectl top` reads). */
export const metricsApi = '/apis/metrics.k8s.io/v1beta1';

/**
 * `kubectl top nodes` and `kubectl top pods -n <studio>`: current CPU and memory (working
 * set) from the metrics API, stored as the API serves them. A cluster without metrics-server
 * answers 404 for the whole group: that is "not available here" (skipped), not a failure.
 * A registered but unanswering metrics-server (503) is an error worth reporting.
 */
export const resourceMetrics: Collector<K8sEnv> = {
  id: 'resource-metrics',
  description: 'CPU and memory usage of nodes and Studio pods from the metrics API (kubectl top)',
  async collect(ctx) {
    const { client, options } = ctx.env;
    const targets = [
      { path: nodeMetricsPath, url: `${metricsApi}/nodes`, resource: 'nodes.metrics.k8s.io' },
      {
        path: podMetricsPath(options.namespace),
        url: `${metricsApi}/namespaces/${encodeURIComponent(options.namespace)}/pods`,
        resource: 'pods.metrics.k8s.io',
      },
    ];
    for (const target of targets) {
      let list: unknown;
      try {
        list = await client.getJson(target.url);
      } catch (error) {
        if (error instanceof ApiError && error.httpStatus === 404) {
          ctx.skip('metrics API not available (metrics.k8s.io is not served: no metrics-server)');
          return;
        }
        ctx.error(errorRecord(error, { path: target.path, resource: target.resource }));
        continue;
      }
      await ctx.writeJson(target.path, list);
    }
  },
};
