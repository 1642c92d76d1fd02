import type { Collector } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { dnsSelector } from './scope.js';
import { collectScope } from './write-list.js';

/** kube-system's DNS pods (CoreDNS or kube-dns) and their events: nothing else from there. */
export const kubeSystemDns: Collector<K8sEnv> = {
  id: 'kube-system-dns',
  description: `kube-system DNS pods (${dnsSelector.key}=${dnsSelector.value}) and their events`,
  async collect(ctx) {
    const scope = (await ctx.env.otherScopes()).find((s) => s.owner === 'kube-system-dns');
    if (!scope) {
      ctx.skip('the Studio namespace is kube-system: collected with it');
      return;
    }
    await collectScope(ctx, scope);
  },
};
