import { ingressMetricsPath, type IngressMetricsFile } from '@studio-support/schema';
import type { Obj, Scenario } from './scenario.js';

/** Requests an ingress-nginx controller counted for one Ingress backend and status. */
export interface CountedRequests {
  namespace: string;
  ingress: string;
  service: string;
  host: string;
  status: number;
  count: number;
  /** Upstream response time of each (seconds), for the histogram. */
  seconds?: number;
}

/** The default buckets ingress-nginx's time histograms use (prometheus.DefBuckets). */
const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * What an ingress-nginx controller pod serves on :10254/metrics for the given requests, at the
 * bundle's own path (serve renders it as the text format): nginx_ingress_controller_requests
 * and the upstream response-time histogram, with the labels ingress-nginx's socket collector
 * puts on them (internal/ingress/metric/collectors/socket.go: the controller's const labels,
 * then status, method, path, namespace, ingress, service, canary and host).
 */
export function recordControllerMetrics(
  s: Scenario,
  pod: Obj,
  requests: readonly CountedRequests[],
): void {
  const namespace = pod.metadata.namespace!;
  const labels = (r: CountedRequests) => ({
    canary: '',
    controller_class: 'k8s.io/ingress-nginx',
    controller_namespace: namespace,
    controller_pod: pod.metadata.name,
    host: r.host,
    ingress: r.ingress,
    method: 'GET',
    namespace: r.namespace,
    path: '/',
    service: r.service,
    status: String(r.status),
  });
  const histogram = 'nginx_ingress_controller_response_duration_seconds';
  const file: IngressMetricsFile = {
    namespace,
    pod: pod.metadata.name,
    port: 10254,
    path: '/metrics',
    studioNamespace: '',
    families: [
      {
        name: 'nginx_ingress_controller_requests',
        type: 'counter',
        help: 'The total number of client requests',
        samples: requests.map((r) => ({
          name: 'nginx_ingress_controller_requests',
          labels: labels(r),
          value: r.count,
        })),
      },
      {
        name: histogram,
        type: 'histogram',
        help: 'The time spent on receiving the response from the upstream server',
        samples: requests
          .filter((r) => r.seconds !== undefined)
          .flatMap((r) => [
            ...[...buckets, Infinity].map((le) => ({
              name: `${histogram}_bucket`,
              labels: { ...labels(r), le: le === Infinity ? '+Inf' : String(le) },
              value: r.seconds! <= le ? r.count : 0,
            })),
            { name: `${histogram}_sum`, labels: labels(r), value: r.seconds! * r.count },
            { name: `${histogram}_count`, labels: labels(r), value: r.count },
          ]),
      },
    ],
    droppedSamples: 0,
  };
  s.file(ingressMetricsPath(namespace, pod.metadata.name), `${JSON.stringify(file, null, 2)}\n`);
}
