import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  healthProbePath,
  ingressMetricsPath,
  type HealthProbeFile,
  type IngressMetricsFile,
} from '@studio-support/schema';
import type { ServerResponse } from 'node:http';
import { exposition } from './prometheus-text.js';
import { sendStatus } from './reply.js';
import type { ResourceRoute } from './routes.js';
import { notFound, statusBody } from './status.js';
import type { BundleStore } from './store.js';

async function readJson<T>(root: string, rel: string): Promise<T | undefined> {
  const text = await readFile(join(root, rel), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/**
 * GET pods/{[scheme:]name[:port]}/proxy/{path}, answered from what the bundle recorded of that
 * pod: an ingress-nginx controller's /metrics (port 10254, from ingress-metrics/) and the
 * backend's /health, /health/ready, /health/live (port 8000, from health/). Anything else
 * answers 404 saying nothing was recorded: no pod runs behind a bundle.
 */
export async function handlePodProxy(
  store: BundleStore,
  route: ResourceRoute,
  res: ServerResponse,
): Promise<void> {
  const { kind, namespace } = route;
  const parts = (route.name ?? '').split(':');
  if (parts.length === 3 || /^https?$/.test(parts[0] ?? '')) parts.shift();
  const [pod = '', port = ''] = parts;
  const path = route.proxyPath ?? '/';
  if (namespace === undefined || !store.get(kind, namespace, pod)) {
    return sendStatus(res, notFound(kind, pod));
  }
  if (port === '10254' && path === '/metrics') {
    const file = await readJson<IngressMetricsFile>(store.root, ingressMetricsPath(namespace, pod));
    if (file && Array.isArray(file.families)) {
      const text = exposition(file.families);
      res.writeHead(200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
  }
  if (port === '8000') {
    const file = await readJson<HealthProbeFile>(store.root, healthProbePath(namespace, pod));
    const probe = file?.probes?.find((p) => p.path === path);
    if (probe) {
      if (probe.status === null) {
        return sendStatus(
          res,
          statusBody(
            503,
            'ServiceUnavailable',
            `error trying to reach service: ${probe.error ?? 'no answer'}`,
          ),
        );
      }
      res.writeHead(probe.status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': Buffer.byteLength(probe.bodyHead),
      });
      res.end(probe.bodyHead);
      return;
    }
  }
  sendStatus(
    res,
    statusBody(
      404,
      'NotFound',
      `studio-analyze serve answers the pod proxy from recorded responses only, and nothing was recorded for GET ${path} on port ${port || '(default)'} of pod "${pod}"`,
    ),
  );
}
