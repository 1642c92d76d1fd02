import { clusterListPath, resourceKinds } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { writeList } from './write-list.js';

/** Cluster-scoped lists: namespaces, nodes (conditions, allocatable, taints), ingress and storage classes. */
export const clusterResources: Collector<K8sEnv> = {
  id: 'cluster-resources',
  description: 'namespaces, nodes, ingress classes and storage classes',
  async collect(ctx) {
    await Promise.all(
      resourceKinds
        .filter((k) => !k.namespaced)
        .map((k) => writeList(ctx, clusterListPath(k.dir), k.dir, () => ctx.env.list(k.dir))),
    );
  },
};
