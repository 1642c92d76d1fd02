import { resourceKindByDir, type CollectorError } from '@studio-support/schema';
import { ApiError } from '../../k8s/api-error.js';
import type { KubeObject } from '../../k8s/client.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import {
  familyLabelSelector,
  familyOfController,
  familyOfPod,
  ingressControllerFamilies,
  type IngressControllerFamily,
} from './ingress-controller-families.js';

export interface IngressController {
  namespace: string;
  family: string;
  /** Names of its pods, sorted. */
  pods: string[];
  /** How it was found, for the manifest. */
  how: string;
}

export interface IngressControllerSearch {
  found?: IngressController;
  /** Why the search may have missed it (only kept when nothing was found). */
  errors: CollectorError[];
}

const podsKind = resourceKindByDir('pods')!;

/**
 * Finds the ingress controller instead of assuming ingress-nginx: the IngressClass of the
 * Studio Ingresses says which family is wanted; pods labelled as a known controller anywhere
 * in the cluster (one request), else any pod running a known controller image (a paginated
 * scan), else — when pods cannot be listed cluster-wide — the family's usual namespaces.
 */
export async function discoverIngressController(env: K8sEnv): Promise<IngressControllerSearch> {
  const errors: CollectorError[] = [];
  const wanted = await wantedFamily(env, errors);
  const { client } = env;
  let candidates: KubeObject[] = [];
  let how: string;
  try {
    candidates = (await client.list(podsKind, undefined, { labelSelector: familyLabelSelector }))
      .items;
    how = `pods labelled ${familyLabelSelector}`;
    if (candidates.length === 0) {
      const keep = (pod: KubeObject): boolean => familyOfPod(pod) !== undefined;
      candidates = (await client.list(podsKind, undefined, { keep })).items;
      how = 'pods running a known ingress controller image';
    }
  } catch (error) {
    if (!(error instanceof ApiError) || error.httpStatus === undefined) throw error;
    errors.push(errorRecord(error, { resource: 'pods' }, 'listing pods in all namespaces: '));
    const guesses = [
      ...new Set((wanted ? [wanted] : ingressControllerFamilies).flatMap((f) => f.namespaces)),
    ];
    for (const namespace of guesses) {
      try {
        const list = await client.list(podsKind, namespace, {
          keep: (pod) => familyOfPod(pod) !== undefined,
        });
        candidates.push(...list.items);
      } catch (e) {
        if (!(e instanceof ApiError) || e.httpStatus === undefined) throw e;
        if (e.httpStatus !== 404) {
          errors.push(errorRecord(e, { resource: 'pods' }, `listing pods in ${namespace}: `));
        }
      }
    }
    how = `pods of a known ingress controller in namespaces ${guesses.join(', ')}`;
  }
  const found = choose(candidates, wanted);
  if (!found) return { errors };
  return {
    found: {
      ...found,
      how: `${how}${wanted ? `; the Studio Ingress class wants ${wanted.id}` : ''}`,
    },
    errors: [],
  };
}

/** The family the Studio Ingresses' class (or the cluster's default class) names. */
async function wantedFamily(
  env: K8sEnv,
  errors: CollectorError[],
): Promise<IngressControllerFamily | undefined> {
  let classes: KubeObject[];
  let ingresses: KubeObject[];
  try {
    classes = (await env.list('ingress-classes')).items;
    ingresses = (await env.list('ingress', env.options.namespace)).items;
  } catch (error) {
    if (!(error instanceof ApiError) || error.httpStatus === undefined) throw error;
    errors.push(errorRecord(error, { resource: 'ingressclasses' }, 'reading ingress classes: '));
    return undefined;
  }
  const byName = new Map(classes.map((c) => [c.metadata?.name ?? '', c]));
  const isDefault = (c: KubeObject): boolean =>
    c.metadata?.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true';
  for (const ingress of ingresses) {
    const spec = (ingress.spec ?? {}) as { ingressClassName?: string };
    const name =
      spec.ingressClassName ?? ingress.metadata?.annotations?.['kubernetes.io/ingress.class'];
    const cls = name === undefined ? classes.find(isDefault) : byName.get(name);
    const controller = ((cls?.spec ?? {}) as { controller?: string }).controller;
    const family = controller ? familyOfController(controller) : undefined;
    if (family) return family;
  }
  return undefined;
}

/** Wanted family first, then namespaces with a Running controller pod, then by name. */
function choose(
  pods: KubeObject[],
  wanted: IngressControllerFamily | undefined,
): Omit<IngressController, 'how'> | undefined {
  const groups = new Map<
    string,
    { namespace: string; family: string; pods: string[]; score: number }
  >();
  for (const pod of pods) {
    const family = familyOfPod(pod);
    const namespace = pod.metadata?.namespace;
    if (!family || !namespace) continue;
    const key = `${namespace}/${family.id}`;
    const group = groups.get(key) ?? { namespace, family: family.id, pods: [], score: 0 };
    group.pods.push(pod.metadata?.name ?? '');
    const phase = ((pod.status ?? {}) as { phase?: string }).phase;
    group.score = Math.max(
      group.score,
      (family === wanted ? 2 : 0) + (phase === 'Running' ? 1 : 0),
    );
    groups.set(key, group);
  }
  const best = [...groups.values()].sort(
    (a, b) => b.score - a.score || a.namespace.localeCompare(b.namespace),
  )[0];
  if (!best) return undefined;
  return { namespace: best.namespace, family: best.family, pods: best.pods.sort() };
}
