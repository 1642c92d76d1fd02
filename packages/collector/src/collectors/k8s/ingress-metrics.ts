import { ingressMetricsPath, type IngressMetricsFile } from '@studio-support/schema';
import type { Collector, CollectorContext } from '../../bundle/index.js';
import { ApiError } from '../../k8s/api-error.js';
import { familyOf, lines, parseExpositionLine } from '../../prometheus/text-format.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';

/** Where ingress-nginx serves its Prometheus metrics (--metrics-port, /metrics). */
export const controllerMetricsPort = 10254;
export const controllerMetricsPath = '/metrics';

/**
 * The families that say which backend the 502s come from and how slow the upstreams are
 * (ingress-nginx internal/ingress/metric/collectors/socket.go): requests by status, ingress
 * and service; upstream connect, header and response time histograms.
 */
export const keptFamilies: readonly string[] = [
  'nginx_ingress_controller_requests',
  'nginx_ingress_controller_connect_duration_seconds',
  'nginx_ingress_controller_header_duration_seconds',
  'nginx_ingress_controller_response_duration_seconds',
];
const maxKeptSamples = 50_000;

type Family = IngressMetricsFile['families'][number];

/**
 * The 502 rate at its source: each ingress-nginx controller pod's /metrics, through the API
 * server's pod proxy, read as a stream and reduced to the Studio namespace's series of the
 * kept families (a busy controller serves megabytes about every Ingress of the cluster).
 * A controller with metrics switched off answers 404: not available, not a failure.
 */
export const ingressMetrics: Collector<K8sEnv> = {
  id: 'ingress-metrics',
  description: "the ingress-nginx controller's request and upstream-time metrics for Studio",
  async collect(ctx) {
    const search = await ctx.env.ingressController();
    const found = search.found;
    if (!found) {
      ctx.skip('no ingress controller found');
      return;
    }
    if (found.family !== 'ingress-nginx') {
      ctx.skip(`the ingress controller is ${found.family}: only ingress-nginx metrics are read`);
      return;
    }
    let notServed = 0;
    for (const pod of found.pods) {
      const served = await scrape(ctx, found.namespace, pod);
      if (!served) notServed++;
    }
    if (notServed === found.pods.length && ctx.record.errors.length === 0) {
      ctx.skip(
        `ingress-nginx serves no ${controllerMetricsPath} on port ${controllerMetricsPort} (metrics disabled)`,
      );
    }
  },
};

/** Scrapes one pod; false when it serves no metrics (404). */
async function scrape(
  ctx: CollectorContext<K8sEnv>,
  namespace: string,
  pod: string,
): Promise<boolean> {
  const studio = ctx.env.options.namespace;
  const path = ingressMetricsPath(namespace, pod);
  const where = { path, resource: 'pods/proxy' };
  let response;
  try {
    response = await ctx.env.client.proxyStream(
      namespace,
      pod,
      controllerMetricsPort,
      controllerMetricsPath,
    );
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    ctx.error(errorRecord(error, where, `${pod}: `));
    return true;
  }
  const { status, body } = response;
  if (status === 404) {
    body.close();
    return false;
  }
  if (status !== 200) {
    let head = '';
    for await (const chunk of body) {
      head += chunk.toString('utf8');
      if (head.length > 300) break;
    }
    body.close();
    ctx.error({
      ...where,
      message: `${pod}: GET :${controllerMetricsPort}${controllerMetricsPath} through the pod proxy answered ${status}: ${head.slice(0, 300).trim()}`,
      code: 'ScrapeFailed',
      httpStatus: status,
    });
    return true;
  }
  const kept = new Set(keptFamilies);
  const families = new Map<string, Family>();
  let samples = 0;
  let dropped = 0;
  let overflow = 0;
  for await (const line of lines(body)) {
    const parsed = parseExpositionLine(line);
    if (parsed.kind === 'help' || parsed.kind === 'type') {
      if (!kept.has(parsed.family)) continue;
      const family = families.get(parsed.family) ?? {
        name: parsed.family,
        type: 'untyped',
        help: '',
        samples: [],
      };
      if (parsed.kind === 'help') family.help = parsed.help;
      else family.type = parsed.type as Family['type'];
      families.set(parsed.family, family);
    } else if (parsed.kind === 'sample') {
      const family = families.get(familyOf(parsed.name, kept));
      if (!family || !Number.isFinite(parsed.value)) continue;
      if (parsed.labels.namespace !== studio) {
        dropped++;
        continue;
      }
      if (samples >= maxKeptSamples) {
        overflow++;
        continue;
      }
      family.samples.push({ name: parsed.name, labels: parsed.labels, value: parsed.value });
      samples++;
    }
  }
  if (body.interruption) {
    ctx.error(errorRecord(body.interruption, where, `${pod}: metrics cut short, not kept: `));
    return true;
  }
  const file: IngressMetricsFile = {
    namespace,
    pod,
    port: controllerMetricsPort,
    path: controllerMetricsPath,
    studioNamespace: studio,
    families: [...families.values()],
    droppedSamples: dropped,
  };
  await ctx.writeJson(path, file);
  if (overflow > 0) {
    ctx.error({
      ...where,
      message: `${pod}: kept the first ${maxKeptSamples} Studio samples; ${overflow} more were left out`,
      code: 'TooLarge',
    });
  }
  return true;
}
