import { parse as parseYaml } from 'yaml';
import {
  clusterListPath,
  manifestPath,
  namespacedListPath,
  type Manifest,
} from '@studio-support/schema';
import type { Bundle } from '../bundle/index.js';
import type { LogScan } from '../bundle/line-scan.js';
import { arr, rec, type Json } from './json.js';

/** Where a bundle keeps each list: troubleshoot paths, or kubectl cluster-info dump's. */
const dumpNames: Record<string, string> = {
  pods: 'pods',
  events: 'events',
  services: 'services',
  deployments: 'deployments',
  replicasets: 'replicasets',
  daemonsets: 'daemonsets',
};

export type Target = 'kubernetes' | 'host';

/**
 * Everything facts are built from, parsed once and shared by every topic: the bundle's
 * documents and log scans, the manifest, the namespaces in scope, and the collection
 * time that every "how long ago" is measured against.
 */
export class FactContext {
  readonly manifest: Manifest | undefined;
  readonly target: Target;
  /** Namespaces whose objects are facts (the Studio namespace, or all of a foreign bundle's). */
  readonly namespaces: string[];
  /** Namespaces the bundle holds pods for. */
  readonly available: string[];
  /** The namespace commands in messages should name. */
  readonly namespace: string;
  /**
   * The ingress controller's namespace when it is outside the scope (the manifest names it):
   * its pods, Services and Endpoints are facts too, since nginx stands in front of Studio.
   */
  readonly controllerNamespace: string | undefined;
  collectedAt: Date | undefined;
  collectedAtEstimated = false;
  /** Documents that exist but could not be parsed: path → reason. */
  readonly unreadable = new Map<string, string>();
  private readonly parsed = new Map<string, Json>();

  constructor(
    readonly bundle: Bundle<LogScan>,
    options: { namespace?: string } = {},
  ) {
    this.manifest =
      bundle.format === 'studio' ? (this.json(manifestPath) as Manifest | undefined) : undefined;
    const target = this.manifest?.target;
    this.target = target?.kind === 'host' ? 'host' : 'kubernetes';
    const present = this.presentNamespaces();
    this.available = present;
    const chosen =
      options.namespace ??
      (target?.kind === 'kubernetes' ? target.namespace : undefined) ??
      (present.includes('datachain-studio') ? 'datachain-studio' : undefined);
    this.namespaces = chosen !== undefined ? [chosen] : present;
    this.namespace = chosen ?? 'datachain-studio';
    const controller =
      target?.kind === 'kubernetes' ? (target.ingressControllerNamespace ?? undefined) : undefined;
    this.controllerNamespace =
      controller !== undefined && !this.namespaces.includes(controller) ? controller : undefined;
    const at = this.manifest?.collectedAt;
    this.collectedAt = at ? new Date(at) : undefined;
  }

  has(path: string): boolean {
    return this.bundle.files.has(path);
  }

  text(path: string): string | undefined {
    return this.bundle.documents.get(path)?.toString('utf8');
  }

  /** A parsed JSON or YAML document; undefined when absent or unreadable (noted). */
  json(path: string): Json | undefined {
    if (this.parsed.has(path)) return this.parsed.get(path);
    const text = this.text(path);
    let value: Json;
    if (text !== undefined) {
      try {
        value = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
      } catch (error) {
        this.unreadable.set(
          path,
          `not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`,
        );
      }
    }
    this.parsed.set(path, value);
    return value;
  }

  /** Bundle path of a namespaced list in this bundle's layout. */
  listPath(dir: string, namespace: string): string {
    if (this.bundle.format === 'cluster-info-dump') {
      return `${namespace}/${dumpNames[dir] ?? dir}.json`;
    }
    return namespacedListPath(dir, namespace);
  }

  /** Items of a namespaced list, or undefined when the bundle does not hold it. */
  list(dir: string, namespace: string): Json[] | undefined {
    const doc = this.json(this.listPath(dir, namespace));
    if (doc === undefined) return undefined;
    // troubleshoot writes List objects; some older versions wrote bare arrays.
    return Array.isArray(doc) ? doc : arr(rec(doc).items);
  }

  /**
   * Items of a namespaced list across the namespaces in scope, each with its path;
   * `withController` adds the ingress controller's namespace (pods, services, endpoints).
   */
  scoped(
    dir: string,
    options: { withController?: boolean } = {},
  ): { item: Json; path: string; namespace: string }[] {
    const namespaces =
      options.withController && this.controllerNamespace
        ? [...this.namespaces, this.controllerNamespace]
        : this.namespaces;
    return namespaces.flatMap((ns) =>
      (this.list(dir, ns) ?? []).map((item) => ({
        item,
        path: this.listPath(dir, ns),
        namespace: ns,
      })),
    );
  }

  clusterList(dir: string): { items: Json[]; path: string } | undefined {
    const path = this.bundle.format === 'cluster-info-dump' ? `${dir}.json` : clusterListPath(dir);
    const doc = this.json(path);
    if (doc === undefined) return undefined;
    return { items: Array.isArray(doc) ? doc : arr(rec(doc).items), path };
  }

  /** Minutes from `d` to the collection time (negative: after it). */
  minutesAgo(d: Date | undefined): number | undefined {
    if (!d || !this.collectedAt) return undefined;
    return Math.round((this.collectedAt.getTime() - d.getTime()) / 60_000);
  }

  private presentNamespaces(): string[] {
    const out = new Set<string>();
    for (const path of this.bundle.files.keys()) {
      const m =
        this.bundle.format === 'cluster-info-dump'
          ? /^([^/]+)\/pods\.json$/.exec(path)
          : /^cluster-resources\/pods\/([^/]+)\.json$/.exec(path);
      if (m?.[1]) out.add(m[1]);
    }
    return [...out].sort();
  }
}
