import type { Collector } from '../../bundle/index.js';
import type { KubeObject } from '../../k8s/client.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { firstReady, runChecks, type CheckCommand } from './exec-check.js';
import { backendPods, healthPort } from './health-probes.js';

/** Frontend pods: named *frontend*, or labelled as the frontend component. */
export function frontendPods(pods: KubeObject[]): KubeObject[] {
  return pods.filter((p) => {
    const labels = p.metadata?.labels ?? {};
    return (
      /frontend/.test(p.metadata?.name ?? '') ||
      /frontend/.test(labels['app.kubernetes.io/name'] ?? '') ||
      labels['app.kubernetes.io/component'] === 'frontend'
    );
  });
}

/** The Service in front of the backend pods: the one selecting them on port 8000. */
export function backendServiceName(services: KubeObject[], pods: KubeObject[]): string {
  const backends = backendPods(pods);
  const selects = (svc: KubeObject): boolean => {
    const spec = (svc.spec ?? {}) as {
      selector?: Record<string, string>;
      ports?: { port?: number }[];
    };
    const selector = Object.entries(spec.selector ?? {});
    return (
      selector.length > 0 &&
      (spec.ports ?? []).some((p) => p.port === healthPort) &&
      backends.some((pod) => selector.every(([k, v]) => pod.metadata?.labels?.[k] === v))
    );
  };
  return services.find(selects)?.metadata?.name ?? 'datachain-studio-backend';
}

/** What runs in the frontend pod, in order (docs/collecting.md lists them). */
export function frontendChecks(namespace: string, backendService: string): CheckCommand[] {
  const fqdn = `${backendService}.${namespace}.svc.cluster.local`;
  return [
    {
      id: 'backend-health',
      check: 'backend-health',
      argv: ['curl', '-sS', '-I', '-m', '5', `http://${backendService}:${healthPort}/health`],
    },
    { id: 'dns', check: 'dns', argv: ['nslookup', fqdn], fallback: ['getent', 'hosts', fqdn] },
  ];
}

/**
 * --exec-checks, in one Ready frontend pod: the backend Service's /health as the frontend
 * reaches it (curl -I), and the DNS lookup of its name (nslookup, else getent hosts).
 */
export const execFrontend: Collector<K8sEnv> = {
  id: 'exec-frontend',
  description: 'with --exec-checks: backend /health and DNS lookup from inside a frontend pod',
  async collect(ctx) {
    const { options } = ctx.env;
    if (!options.execChecks) {
      ctx.skip('--exec-checks not given');
      return;
    }
    let pods: KubeObject[];
    let services: KubeObject[];
    try {
      pods = (await ctx.env.list('pods', options.namespace)).items;
      services = (await ctx.env.list('services', options.namespace)).items;
    } catch (error) {
      ctx.error(errorRecord(error, { resource: 'pods' }, 'no in-pod checks: listing failed: '));
      return;
    }
    const pod = firstReady(frontendPods(pods));
    if (!pod) {
      ctx.skip(`no Ready frontend pod in ${options.namespace} to run the checks in`);
      return;
    }
    const container =
      ((pod.spec ?? {}) as { containers?: { name: string }[] }).containers?.[0]?.name ?? '';
    await runChecks(
      ctx,
      { namespace: options.namespace, pod: pod.metadata?.name ?? '', container },
      frontendChecks(options.namespace, backendServiceName(services, pods)),
    );
  },
};
