import { resourceKindByDir, type ResourceKind } from '@studio-support/schema';
import type { Clock } from '../../bundle/index.js';
import type { ApiError } from '../../k8s/api-error.js';
import type { KubeClient, KubeList } from '../../k8s/client.js';
import {
  discoverIngressController,
  type IngressControllerSearch,
} from './discover-ingress-controller.js';
import { otherScopes, studioScope, type Scope } from './scope.js';

export interface K8sOptions {
  /** The Studio namespace (-n). */
  namespace: string;
  maxLogLines: number;
  maxLogBytes: number;
  /** --since, in whole seconds. */
  sinceSeconds?: number;
  /** Also bounds how many log files are written at once. */
  concurrency: number;
  probeHealth: boolean;
  /** --exec-checks: run the guide's checks inside one backend and one frontend pod. */
  execChecks?: boolean;
  /** Deadline of one in-pod check (default 20 s). */
  execTimeoutMs?: number;
  /** --prometheus: the Prometheus to ask for the guide's 502 alerts. */
  prometheusUrl?: string;
}

/** Not a bundle folder (secret values never are): listed only to derive metadata. */
export const secretKind: ResourceKind = {
  dir: 'secrets',
  group: '',
  version: 'v1',
  kind: 'Secret',
  resource: 'secrets',
  namespaced: true,
};

/**
 * What every Kubernetes collector shares: the client, the options, and memoized lookups, so
 * a list that two collectors need (pods for their file and for logs; secrets for metadata and
 * certificates; ingresses for certificates and discovery) is requested once.
 */
export class K8sEnv {
  readonly #lists = new Map<string, Promise<KubeList>>();
  #search: Promise<IngressControllerSearch> | undefined;
  #scopes: Promise<Scope[]> | undefined;

  constructor(
    readonly client: KubeClient,
    readonly options: K8sOptions,
    readonly clock: Clock,
    /** The answer to the first request, GET /version. */
    readonly version: { version: unknown } | { error: ApiError },
  ) {}

  /** The list of a kind (by bundle folder name, or 'secrets') in a namespace, or cluster-wide. */
  list(dir: string, namespace?: string): Promise<KubeList> {
    const key = `${dir}/${namespace ?? ''}`;
    let promise = this.#lists.get(key);
    if (!promise) {
      const kind = dir === secretKind.dir ? secretKind : resourceKindByDir(dir);
      if (!kind) throw new Error(`no resource kind for folder "${dir}"`);
      promise = this.client.list(kind, namespace);
      // Consumers handle the rejection; this keeps an unawaited copy from crashing the process.
      promise.catch(() => undefined);
      this.#lists.set(key, promise);
    }
    return promise;
  }

  /** The ingress controller, found (not assumed) once for every collector that asks. */
  ingressController(): Promise<IngressControllerSearch> {
    this.#search ??= discoverIngressController(this);
    return this.#search;
  }

  /** The Studio namespace: every namespaced kind, every pod. Known without any request. */
  get studioScope(): Scope {
    return studioScope(this.options.namespace);
  }

  /** The ingress controller's namespace and kube-system's DNS, once the controller is found. */
  otherScopes(): Promise<Scope[]> {
    this.#scopes ??= this.ingressController().then((search) =>
      otherScopes(this.options.namespace, search.found),
    );
    return this.#scopes;
  }
}
