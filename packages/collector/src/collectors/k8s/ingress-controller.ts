import type { Collector } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { collectScope } from './write-list.js';

/**
 * The ingress controller, found rather than assumed (discover-ingress-controller.ts): its
 * pods, events, services (the LoadBalancer and its address), endpoints, workloads and
 * configmaps. When it shares the Studio namespace or kube-system, those collectors write
 * its objects; its logs come with every other pod's (pod-logs).
 */
export const ingressController: Collector<K8sEnv> = {
  id: 'ingress-controller',
  description: 'the ingress controller (found, not assumed): pods, events, services, workloads',
  async collect(ctx) {
    const search = await ctx.env.ingressController();
    if (!search.found) {
      for (const error of search.errors) ctx.error(error);
      ctx.skip(
        'no ingress controller found (no ingress-nginx, traefik or haproxy pods by label or image)',
      );
      return;
    }
    const scope = (await ctx.env.otherScopes()).find((s) => s.owner === 'ingress-controller');
    if (scope) await collectScope(ctx, scope);
  },
};
