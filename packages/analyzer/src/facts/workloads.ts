import { componentOf } from './component.js';
import { imageTag } from './containers.js';
import type { FactContext } from './context.js';
import { arr, at, num, rec, str, strMap } from './json.js';
import type { FactCollection, FactItem } from './types.js';

export const workloadsCollection: FactCollection = {
  name: 'workloads',
  doc: 'Deployments, StatefulSets and DaemonSets in scope, with replica counts and images.',
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    kind: { type: 'string', doc: 'Deployment, StatefulSet or DaemonSet.' },
    name: { type: 'string', doc: 'Name.' },
    component: { type: 'string', doc: 'Studio component.' },
    replicas: { type: 'number', doc: 'Desired replicas (desiredNumberScheduled for DaemonSets).' },
    readyReplicas: { type: 'number', doc: 'Ready replicas.' },
    availableReplicas: { type: 'number', doc: 'Available replicas.' },
    images: { type: 'strings', doc: 'Container images of the pod template.' },
    imageTags: { type: 'strings', doc: 'Their tags.' },
  },
};

const kinds: [string, string][] = [
  ['deployments', 'Deployment'],
  ['statefulsets', 'StatefulSet'],
  ['daemonsets', 'DaemonSet'],
];

export function buildWorkloads(ctx: FactContext): FactItem[] {
  return kinds.flatMap(([dir, kind]) =>
    ctx.scoped(dir).map(({ item, path, namespace }) => {
      const name = str(at(item, 'metadata.name')) ?? '';
      const labels = strMap(at(item, 'spec.template.metadata.labels'));
      const images = arr(at(item, 'spec.template.spec.containers')).flatMap(
        (c) => str(rec(c).image) ?? [],
      );
      const status = rec(at(item, 'status'));
      const replicas =
        kind === 'DaemonSet'
          ? (num(status.desiredNumberScheduled) ?? 0)
          : (num(at(item, 'spec.replicas')) ?? 1);
      const readyReplicas =
        (kind === 'DaemonSet' ? num(status.numberReady) : num(status.readyReplicas)) ?? 0;
      const availableReplicas =
        (kind === 'DaemonSet' ? num(status.numberAvailable) : num(status.availableReplicas)) ?? 0;
      return {
        namespace,
        kind,
        name,
        component: componentOf(labels, name),
        replicas,
        readyReplicas,
        availableReplicas,
        images,
        imageTags: images.map(imageTag),
        evidence: [
          {
            path,
            excerpt: `${kind.toLowerCase()}/${name}: ${readyReplicas}/${replicas} ready, images ${images.join(', ')}`,
          },
        ],
      };
    }),
  );
}
