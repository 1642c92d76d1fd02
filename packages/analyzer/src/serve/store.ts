import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  clusterVersionPath,
  manifestPath,
  podLogPath,
  scenarioSecretsPath,
  secretsMetadataPath,
  troubleshootListPath,
  type SecretMetadataFile,
} from '@studio-support/schema';
import { loadExecRecordings, type ExecRecording } from './exec-recordings.js';
import type { BundleFlavor } from './input.js';
import { groupVersionOf, servedKinds, type ServedKind } from './kinds.js';
import { isKubeObject, type KubeObject } from './objects.js';
import { metadataKeyCounts } from './secret-keys.js';

/** Objects of one kind, sorted the way the API server returns them (namespace, then name). */
interface Collection {
  items: KubeObject[];
  byNamespace: Map<string, KubeObject[]>;
  byKey: Map<string, KubeObject>;
}

/** The `/version` answer when the tree did not record one. */
const unknownVersion = {
  major: '',
  minor: '',
  gitVersion: 'v0.0.0-unknown',
  gitCommit: '',
  gitTreeState: '',
  buildDate: '',
  goVersion: '',
  compiler: '',
  platform: '',
};

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

function compareObjects(a: KubeObject, b: KubeObject): number {
  const ka = keyOf(a.metadata.namespace, a.metadata.name);
  const kb = keyOf(b.metadata.namespace, b.metadata.name);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * The served tree, indexed once at start: every List file parsed, its items stamped with
 * kind/apiVersion/namespace and sorted; logs stay on disk and are only located here.
 */
export class BundleStore {
  readonly warnings: string[] = [];
  private readonly collections = new Map<ServedKind, Collection>();
  private execs = new Map<string, ExecRecording[]>();
  /** Kinds whose List files exist in the tree (empty or not). */
  private readonly present = new Set<ServedKind>();
  version: Record<string, unknown> = unknownVersion;
  /** The manifest's collection time (our bundles); trees without one age against the clock. */
  collectedAt: Date | undefined;
  defaultNamespace = 'default';

  private constructor(
    readonly root: string,
    readonly flavor: BundleFlavor,
  ) {}

  static async load(root: string, flavor: BundleFlavor): Promise<BundleStore> {
    const store = new BundleStore(root, flavor);
    await store.index();
    return store;
  }

  /** AGE and RESTARTS "(5m ago)" are computed against this, per request. */
  referenceTime(): Date {
    return this.collectedAt ?? new Date();
  }

  /** Whether this server answers for the kind at all (see ServedKind.onlyWhenPresent). */
  serves(kind: ServedKind): boolean {
    return !kind.onlyWhenPresent || this.present.has(kind);
  }

  /** Every kind answered and discoverable here. */
  servedKinds(): ServedKind[] {
    return servedKinds.filter((k) => this.serves(k));
  }

  list(kind: ServedKind, namespace?: string): readonly KubeObject[] {
    const c = this.collections.get(kind);
    if (!c) return [];
    return namespace === undefined ? c.items : (c.byNamespace.get(namespace) ?? []);
  }

  get(kind: ServedKind, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.collections.get(kind)?.byKey.get(keyOf(namespace, name));
  }

  count(kind: ServedKind): number {
    return this.collections.get(kind)?.items.length ?? 0;
  }

  /** The recorded in-pod commands of a pod, in file order. */
  execRecordings(namespace: string, pod: string): readonly ExecRecording[] {
    return this.execs.get(`${namespace}/${pod}`) ?? [];
  }

  /** Absolute path of a container's log file (which may not exist). */
  logFile(namespace: string, pod: string, container: string, previous: boolean): string {
    return join(this.root, podLogPath(namespace, pod, container, previous));
  }

  private async readJson(rel: string): Promise<unknown> {
    const text = await readFile(join(this.root, rel), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      this.warnings.push(`${rel}: not valid JSON (${(error as Error).message}); skipped`);
      return undefined;
    }
  }

  /** Namespaces that have a `<ns>.json` file in a folder. */
  private async namespacesIn(folder: string): Promise<string[]> {
    const entries = await readdir(join(this.root, folder), { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => e.name.slice(0, -'.json'.length));
  }

  private itemsOf(rel: string, doc: unknown): unknown[] {
    const items = (doc as { items?: unknown } | undefined)?.items;
    if (doc === undefined) return [];
    if (Array.isArray(items)) return items;
    this.warnings.push(`${rel}: expected a List object ({"items": [...]}); skipped`);
    return [];
  }

  private stamp(kind: ServedKind, raw: unknown, namespace: string | undefined, rel: string) {
    if (!isKubeObject(raw)) {
      this.warnings.push(`${rel}: an item without metadata.name; skipped`);
      return undefined;
    }
    const obj: KubeObject = {
      ...raw,
      apiVersion: raw.apiVersion ?? groupVersionOf(kind),
      kind: raw.kind ?? kind.kind,
      metadata: { ...raw.metadata },
    };
    if (kind.namespaced) obj.metadata.namespace ??= namespace;
    return obj;
  }

  /** The List files a kind may be read from, first wins: its own path, or its folders' aliases. */
  private static listPaths(kind: ServedKind): ((namespace?: string) => string)[] {
    if (kind.listPath) return [kind.listPath];
    return kind.dirs.map((dir) => (namespace?: string) => troubleshootListPath(dir, namespace));
  }

  private async loadKind(kind: ServedKind): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    for (const listPath of BundleStore.listPaths(kind)) {
      const files: [string, string | undefined][] = kind.namespaced
        ? (await this.namespacesIn(dirname(listPath('_')))).map((ns) => [listPath(ns), ns])
        : [[listPath(), undefined]];
      for (const [rel, ns] of files) {
        const doc = await this.readJson(rel);
        if (doc !== undefined) this.present.add(kind);
        for (const raw of this.itemsOf(rel, doc)) {
          const obj = this.stamp(kind, raw, ns, rel);
          if (obj) out.push(obj);
        }
      }
      if (out.length > 0) break; // the first folder that has objects wins over its aliases
    }
    return out;
  }

  /**
   * Secrets: a scenario tree's full objects (cluster-resources/secrets/<ns>.json) are served
   * as a real API server would, data included; our bundles' metadata files become Secrets
   * without data, since the values were never collected.
   */
  private async loadSecrets(kind: ServedKind): Promise<KubeObject[]> {
    const out: KubeObject[] = [];
    const fullFolder = dirname(scenarioSecretsPath('_'));
    for (const ns of await this.namespacesIn(fullFolder)) {
      const rel = scenarioSecretsPath(ns);
      for (const raw of this.itemsOf(rel, await this.readJson(rel))) {
        const obj = this.stamp(kind, raw, ns, rel);
        if (obj) out.push(obj);
      }
    }
    if (out.length > 0) return out;
    for (const ns of await this.namespacesIn(dirname(secretsMetadataPath('_')))) {
      const rel = secretsMetadataPath(ns);
      const doc = (await this.readJson(rel)) as SecretMetadataFile | undefined;
      if (!doc || !Array.isArray(doc.items)) continue;
      for (const s of doc.items) {
        const secret: KubeObject = {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: {
            name: s.name,
            namespace: doc.namespace ?? ns,
            ...(s.labels && { labels: s.labels }),
            ...(s.annotations && { annotations: s.annotations }),
            ...(s.creationTimestamp && { creationTimestamp: s.creationTimestamp }),
          },
          type: s.type,
        };
        metadataKeyCounts.set(secret, s.keys?.length ?? 0);
        out.push(secret);
      }
    }
    return out;
  }

  private async index(): Promise<void> {
    const manifest = (await this.readJson(manifestPath)) as
      { collectedAt?: string; target?: { namespace?: string } } | undefined;
    if (manifest?.collectedAt) {
      const at = new Date(manifest.collectedAt);
      if (!Number.isNaN(at.getTime())) this.collectedAt = at;
    }
    const version = (await this.readJson(clusterVersionPath)) as
      { info?: Record<string, unknown> } | undefined;
    if (version?.info && typeof version.info === 'object') this.version = version.info;

    for (const kind of servedKinds) {
      const items =
        kind.resource === 'secrets' ? await this.loadSecrets(kind) : await this.loadKind(kind);
      if (items.length === 0) continue;
      items.sort(compareObjects);
      const byNamespace = new Map<string, KubeObject[]>();
      const byKey = new Map<string, KubeObject>();
      for (const obj of items) {
        const ns = obj.metadata.namespace ?? '';
        let bucket = byNamespace.get(ns);
        if (!bucket) byNamespace.set(ns, (bucket = []));
        bucket.push(obj);
        byKey.set(keyOf(obj.metadata.namespace, obj.metadata.name), obj);
      }
      this.collections.set(kind, { items, byNamespace, byKey });
    }

    this.execs = await loadExecRecordings(this.root, this.warnings);

    const core = (resource: string) =>
      servedKinds.find((k) => k.group === '' && k.resource === resource)!;
    const pods = core('pods');
    const namespaces = core('namespaces');
    const studio = 'datachain-studio';
    this.defaultNamespace =
      manifest?.target?.namespace ??
      (this.list(pods, studio).length > 0 || this.get(namespaces, undefined, studio)
        ? studio
        : 'default');
  }
}
