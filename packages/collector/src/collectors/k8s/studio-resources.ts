import type { Collector } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { collectScope } from './write-list.js';

/** Every namespaced kind of the bundle format in the Studio namespace, unfiltered. */
export const studioResources: Collector<K8sEnv> = {
  id: 'studio-resources',
  description:
    'pods, events, workloads, services, endpoints, ingresses, configmaps (redacted), PVCs, policies, quotas, HPAs of the Studio namespace',
  async collect(ctx) {
    await collectScope(ctx, ctx.env.studioScope);
  },
};
