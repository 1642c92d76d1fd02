import { namespacedListPath, resourceKindByDir } from '@studio-support/schema';
import type { CollectorContext } from '../../bundle/index.js';
import { redactedMarker } from '../../redact/index.js';
import type { KubeList, KubeObject } from '../../k8s/client.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { scopedList, type Scope } from './scope.js';

/**
 * Writes a list into the bundle (redacted by the staging writer), or records why it could
 * not: the path stays absent and the manifest says which request failed and how.
 */
export async function writeList(
  ctx: CollectorContext<K8sEnv>,
  path: string,
  dir: string,
  list: () => Promise<KubeList>,
): Promise<void> {
  const resource = resourceKindByDir(dir)?.resource ?? dir;
  let value: KubeList;
  try {
    value = await list();
  } catch (error) {
    ctx.error(errorRecord(error, { path, resource }));
    return;
  }
  await ctx.writeJson(path, sanitizeList(value));
}

/** Every kind of a scope, each to cluster-resources/<dir>/<namespace>.json. */
export async function collectScope(ctx: CollectorContext<K8sEnv>, scope: Scope): Promise<void> {
  await Promise.all(
    scope.kinds.map((dir) =>
      writeList(ctx, namespacedListPath(dir, scope.namespace), dir, () =>
        scopedList(ctx.env, scope, dir),
      ),
    ),
  );
}

/**
 * Drops what is bulk without evidence (managedFields) and what the redactor cannot judge
 * (ConfigMap binaryData: opaque bytes, kept as key names only).
 */
export function sanitizeList(list: KubeList): KubeList {
  return { ...list, items: list.items.map(sanitizeObject) };
}

function sanitizeObject(item: KubeObject): KubeObject {
  const out: KubeObject = { ...item };
  if (item.metadata && 'managedFields' in item.metadata) {
    const { managedFields: _, ...metadata } = item.metadata;
    out.metadata = metadata;
  }
  const binary = item.binaryData as Record<string, unknown> | undefined;
  if (binary && typeof binary === 'object') {
    out.binaryData = Object.fromEntries(Object.keys(binary).map((k) => [k, redactedMarker]));
  }
  return out;
}
