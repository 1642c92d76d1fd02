import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import { arr, at, rec, str, strMap, type Json } from './json.js';
import { podRefs, type PodRef } from './pods.js';
import type { FactCollection, FactItem } from './types.js';

export const servicesCollection: FactCollection = {
  name: 'services',
  doc: "Services in scope (and the ingress controller's) joined to their Endpoints and to the pods their selector picks: the chain nginx follows to reach a pod.",
  fields: {
    namespace: { type: 'string', doc: 'Namespace.' },
    name: { type: 'string', doc: 'Service name.' },
    component: { type: 'string', doc: 'Studio component the service fronts.' },
    type: { type: 'string', doc: 'ClusterIP, NodePort, LoadBalancer, ExternalName.' },
    selector: { type: 'map', doc: 'spec.selector.' },
    selectorText: { type: 'string', doc: 'The selector as k=v,k=v.' },
    hasSelector: {
      type: 'boolean',
      doc: 'The service selects pods (no selector: endpoints are managed by hand).',
    },
    ports: { type: 'strings', doc: 'port→targetPort/protocol.' },
    endpointsFound: {
      type: 'boolean',
      doc: 'An Endpoints object of the same name is in the bundle.',
    },
    readyAddresses: { type: 'number', doc: 'Ready endpoint addresses.' },
    notReadyAddresses: { type: 'number', doc: 'Endpoint addresses not ready.' },
    selectedPods: { type: 'number', doc: 'Live pods whose labels match the selector.' },
    selectedReadyPods: { type: 'number', doc: 'Of those, Ready ones.' },
    candidatePods: {
      type: 'number',
      doc: "Live pods of the service's component the selector does not match.",
    },
    candidateLabels: {
      type: 'strings',
      doc: 'How those pods are labelled on the selector keys (k=v, or k=<none>).',
    },
    targetPortMatches: {
      type: 'boolean',
      doc: 'Every targetPort is a port the selected pods declare (absent when unknown).',
    },
    loadBalancerIngress: { type: 'strings', doc: 'Addresses of a LoadBalancer service.' },
  },
};

const live = (p: PodRef): boolean =>
  !['Succeeded', 'Failed'].includes(str(at(p.pod, 'status.phase')) ?? '');

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function podReady(p: PodRef): boolean {
  return arr(at(p.pod, 'status.conditions')).some(
    (c) => rec(c).type === 'Ready' && rec(c).status === 'True',
  );
}

export function buildServices(ctx: FactContext): FactItem[] {
  const pods = podRefs(ctx).filter(live);
  const endpointsBy = new Map<string, { item: Json; path: string }>();
  for (const e of ctx.scoped('endpoints', { withController: true })) {
    endpointsBy.set(`${e.namespace}/${str(at(e.item, 'metadata.name')) ?? ''}`, e);
  }
  return ctx.scoped('services', { withController: true }).map(({ item, path, namespace }) => {
    const name = str(at(item, 'metadata.name')) ?? '';
    const selector = strMap(at(item, 'spec.selector'));
    const hasSelector = Object.keys(selector).length > 0;
    const component = componentOf(strMap(at(item, 'metadata.labels')), name);
    const ep = endpointsBy.get(`${namespace}/${name}`);
    const subsets = arr(at(ep?.item, 'subsets'));
    const readyAddresses = subsets.reduce<number>((n, s) => n + arr(rec(s).addresses).length, 0);
    const notReadyAddresses = subsets.reduce<number>(
      (n, s) => n + arr(rec(s).notReadyAddresses).length,
      0,
    );
    const inNs = pods.filter((p) => p.namespace === namespace);
    const selected = hasSelector ? inNs.filter((p) => selects(selector, p.labels)) : [];
    const candidates = hasSelector
      ? inNs.filter((p) => p.component === component && !selects(selector, p.labels))
      : [];
    const candidateLabels = [
      ...new Set(
        candidates.flatMap((p) =>
          Object.keys(selector).map((k) => `${k}=${p.labels[k] ?? '<none>'}`),
        ),
      ),
    ];
    const servicePorts = arr(at(item, 'spec.ports')).map(rec);
    const selectorText = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const evidence = [
      {
        path,
        excerpt: `service/${name}: selector ${selectorText || '(none)'}, ports ${servicePorts.map((p) => `${String(p.port)}→${String(p.targetPort ?? p.port)}`).join(', ')}; ${selected.length} pod(s) match${candidates.length > 0 ? `; ${candidates.length} ${component} pod(s) labelled ${candidateLabels.join(', ')}` : ''}`,
      },
    ];
    if (ep) {
      evidence.push({
        path: ep.path,
        excerpt: `endpoints/${name}: ${readyAddresses} ready, ${notReadyAddresses} not ready address(es)`,
      });
    }
    return {
      namespace,
      name,
      component,
      type: str(at(item, 'spec.type')) ?? 'ClusterIP',
      selector,
      selectorText,
      hasSelector,
      ports: servicePorts.map(
        (p) => `${String(p.port)}→${String(p.targetPort ?? p.port)}/${str(p.protocol) ?? 'TCP'}`,
      ),
      endpointsFound: ep !== undefined,
      readyAddresses,
      notReadyAddresses,
      selectedPods: selected.length,
      selectedReadyPods: selected.filter(podReady).length,
      candidatePods: candidates.length,
      candidateLabels,
      targetPortMatches: targetPortsMatch(servicePorts, selected),
      loadBalancerIngress: arr(at(item, 'status.loadBalancer.ingress')).flatMap(
        (i) => str(rec(i).ip) ?? str(rec(i).hostname) ?? [],
      ),
      evidence,
    };
  });
}

/** Whether each targetPort names a port the selected pods declare; undefined when unknowable. */
function targetPortsMatch(ports: Record<string, Json>[], pods: PodRef[]): boolean | undefined {
  const declared = pods.flatMap((p) =>
    arr(at(p.pod, 'spec.containers')).flatMap((c) => arr(rec(c).ports).map(rec)),
  );
  if (pods.length === 0 || declared.length === 0) return undefined;
  return ports.every((p) => {
    const target = p.targetPort ?? p.port;
    return declared.some(
      (d) => d.containerPort === target || (typeof target === 'string' && d.name === target),
    );
  });
}
