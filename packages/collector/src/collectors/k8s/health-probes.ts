import { healthProbePath, type HealthProbeFile } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import { ApiError } from '../../k8s/api-error.js';
import type { KubeObject } from '../../k8s/client.js';
import { messageOf } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';

export const healthPort = 8000;
export const healthPaths = ['/health', '/health/ready', '/health/live'] as const;
const bodyHeadChars = 512;

/** Backend pods: those with a container port 8000 (the Studio backend's), else named *backend*. */
export function backendPods(pods: KubeObject[]): KubeObject[] {
  const ports = (pod: KubeObject): number[] =>
    (
      ((pod.spec ?? {}) as { containers?: { ports?: { containerPort?: number }[] }[] })
        .containers ?? []
    )
      .flatMap((c) => c.ports ?? [])
      .map((p) => p.containerPort ?? 0);
  const withPort = pods.filter((p) => ports(p).includes(healthPort));
  return withPort.length > 0
    ? withPort
    : pods.filter((p) => /backend/.test(p.metadata?.name ?? ''));
}

/**
 * --probe-health: GET /health, /health/ready and /health/live on port 8000 of each backend
 * pod through the API server's pod proxy. Whatever answers (the pod, or the API server
 * failing to reach it) is the evidence; only a refusal to proxy at all (401/403) is an error.
 */
export const healthProbes: Collector<K8sEnv> = {
  id: 'health-probes',
  description: 'with --probe-health: the backend health endpoints through the pod proxy',
  async collect(ctx) {
    const { client, options, clock } = ctx.env;
    if (!options.probeHealth) {
      ctx.skip('--probe-health not given');
      return;
    }
    const namespace = options.namespace;
    let pods: KubeObject[];
    try {
      pods = (await ctx.env.list('pods', namespace)).items;
    } catch (error) {
      ctx.error(
        errorRecord(error, { resource: 'pods' }, 'no health probes: listing pods failed: '),
      );
      return;
    }
    const targets = backendPods(pods);
    if (targets.length === 0) {
      ctx.skip(`no backend pod (container port ${healthPort} or name *backend*) in ${namespace}`);
      return;
    }
    await Promise.all(
      targets.map(async (pod) => {
        const name = pod.metadata?.name ?? '';
        const path = healthProbePath(namespace, name);
        const file: HealthProbeFile = { pod: name, namespace, port: healthPort, probes: [] };
        for (const probe of healthPaths) {
          const start = clock.mark();
          try {
            const res = await client.proxyGet(namespace, name, healthPort, probe);
            if (res.status === 401 || res.status === 403) {
              throw new ApiError(
                `${res.status}: ${res.body.slice(0, 300)}`,
                'Forbidden',
                probe,
                res.status,
              );
            }
            file.probes.push({
              path: probe,
              status: res.status,
              latencyMs: clock.since(start),
              bodyHead: res.body.slice(0, bodyHeadChars),
            });
          } catch (error) {
            if (
              error instanceof ApiError &&
              (error.httpStatus === 401 || error.httpStatus === 403)
            ) {
              ctx.error(errorRecord(error, { path, resource: 'pods/proxy' }));
              return;
            }
            if (!(error instanceof ApiError)) throw error;
            file.probes.push({
              path: probe,
              status: null,
              latencyMs: clock.since(start),
              bodyHead: '',
              error: messageOf(error),
            });
          }
        }
        await ctx.writeJson(path, file);
      }),
    );
  },
};
