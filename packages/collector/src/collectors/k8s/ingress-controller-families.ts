import type { KubeObject } from '../../k8s/client.js';

/**
 * The ingress controllers Studio installs meet, and how each shows itself: the controller
 * string of its IngressClass, the app.kubernetes.io/name (or app) label of its pods, its
 * image, and where it is usually installed. An explicit list: add a family here.
 */
export interface IngressControllerFamily {
  id: string;
  /** Matches IngressClass spec.controller. */
  controller: RegExp;
  /** Values of app.kubernetes.io/name or app on its pods. */
  labels: readonly string[];
  /** Matches a container image of its pods. */
  image: RegExp;
  /** Namespaces to look in when pods cannot be listed cluster-wide. */
  namespaces: readonly string[];
}

export const ingressControllerFamilies: readonly IngressControllerFamily[] = [
  {
    id: 'ingress-nginx',
    controller: /^k8s\.io\/ingress-nginx$|^nginx\.org\/ingress-controller$/,
    labels: ['ingress-nginx', 'rke2-ingress-nginx', 'nginx-ingress'],
    image: /ingress-nginx\/controller|nginx-ingress-controller|nginx\/nginx-ingress/,
    namespaces: ['ingress-nginx', 'nginx-ingress', 'kube-system'],
  },
  {
    id: 'traefik',
    controller: /^traefik\.io\/ingress-controller$/,
    labels: ['traefik'],
    image: /(^|\/)traefik(:|@|$)/,
    namespaces: ['traefik', 'kube-system'],
  },
  {
    id: 'haproxy',
    controller: /haproxy/,
    labels: ['haproxy-ingress', 'kubernetes-ingress'],
    image: /haproxy-ingress|haproxytech\/kubernetes-ingress/,
    namespaces: ['haproxy-controller', 'haproxy-ingress'],
  },
];

/** Label selector that finds every family's pods by name label in one request. */
export const familyLabelSelector = `app.kubernetes.io/name in (${[
  ...new Set(ingressControllerFamilies.flatMap((f) => f.labels)),
].join(',')})`;

/** The family a pod belongs to, by label or image; undefined when it is no ingress controller. */
export function familyOfPod(pod: KubeObject): IngressControllerFamily | undefined {
  const labels = pod.metadata?.labels ?? {};
  const name = labels['app.kubernetes.io/name'] ?? labels.app;
  const spec = (pod.spec ?? {}) as { containers?: { image?: string }[] };
  const images = (spec.containers ?? []).map((c) => c.image ?? '');
  return ingressControllerFamilies.find(
    (f) => (name !== undefined && f.labels.includes(name)) || images.some((i) => f.image.test(i)),
  );
}

export function familyOfController(controller: string): IngressControllerFamily | undefined {
  return ingressControllerFamilies.find((f) => f.controller.test(controller));
}
