import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContinueTokenError, decodeContinue, encodeContinue } from './continue-token.js';
import type { Faults } from './faults.js';
import { handlePodProxy } from './pod-proxy.js';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { groupVersionOf, metricsGroup } from './kinds.js';
import { matchesLabels, parseLabelSelector, SelectorError } from './label-selector.js';
import { streamLog } from './logs.js';
import type { KubeObject } from './objects.js';
import { sendJson, sendStatus } from './reply.js';
import type { ResourceRoute } from './routes.js';
import { badRequest, expired, notFound, notLive, unknownPath } from './status.js';
import type { BundleStore } from './store.js';
import { defaultPrinter } from './tables/default.js';
import { printerFor } from './tables/index.js';
import { partialMetadata, renderTable, type IncludeObject } from './tables/render.js';

export interface ResourceContext {
  store: BundleStore;
  faults: Faults;
  /** The resourceVersion of every list this server answers (it never changes). */
  resourceVersion: string;
}

/** What the Accept header asks for: a Table, partial metadata, or the objects. */
function negotiate(accept: string | undefined): {
  as: 'Table' | 'Partial' | 'Object';
  version: string;
} {
  for (const range of (accept ?? '').split(',')) {
    const params = new Map(
      range
        .split(';')
        .slice(1)
        .map((p) => p.trim().split('=') as [string, string]),
    );
    if (params.get('g') !== 'meta.k8s.io') continue;
    const version = params.get('v') ?? 'v1';
    const as = params.get('as');
    if (as === 'Table') return { as: 'Table', version };
    if (as === 'PartialObjectMetadataList' || as === 'PartialObjectMetadata') {
      return { as: 'Partial', version };
    }
  }
  return { as: 'Object', version: 'v1' };
}

function intParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw))
    throw new SelectorError(`${name}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** GET of a collection: selectors, then limit/continue, then the representation asked for. */
function list(
  ctx: ResourceContext,
  route: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const { kind } = route;
  const labels = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
  const fields = parseFieldSelector(url.searchParams.get('fieldSelector') ?? '', kind.resource);
  const limit = intParam(url, 'limit');
  const token = url.searchParams.get('continue');

  let offset = 0;
  if (token) {
    let state;
    try {
      state = decodeContinue(token);
    } catch (error) {
      if (error instanceof ContinueTokenError) return sendStatus(res, badRequest(error.message));
      throw error;
    }
    const now = Date.now();
    if (state.rv !== ctx.resourceVersion || ctx.faults.continueExpired(state.issuedAt, now)) {
      const fresh = encodeContinue({
        rv: ctx.resourceVersion,
        offset: state.offset,
        issuedAt: now,
      });
      return sendStatus(res, expired(fresh));
    }
    offset = state.offset;
  }

  const all = ctx.store.list(kind, route.namespace);
  const filtered =
    labels.length === 0 && fields.length === 0
      ? all
      : all.filter((o) => matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o));
  const end = limit ? Math.min(offset + limit, filtered.length) : filtered.length;
  const page = filtered.slice(offset, end);
  const metadata = {
    resourceVersion: ctx.resourceVersion,
    ...(end < filtered.length && {
      continue: encodeContinue({ rv: ctx.resourceVersion, offset: end, issuedAt: Date.now() }),
      ...(labels.length === 0 &&
        fields.length === 0 && { remainingItemCount: filtered.length - end }),
    }),
  };
  // metrics-server answers its lists with empty metadata: no revision, no paging.
  const served = kind.group === metricsGroup ? {} : metadata;
  represent(ctx, route, url, req, res, page, served, true);
}

function represent(
  ctx: ResourceContext,
  route: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
  objects: readonly KubeObject[],
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  isList: boolean,
) {
  const { kind } = route;
  const wanted = negotiate(req.headers.accept);
  const apiVersion = `meta.k8s.io/${wanted.version}`;
  const contentType = (as: string) => `application/json;as=${as};v=${wanted.version};g=meta.k8s.io`;
  if (wanted.as === 'Table') {
    const include = (url.searchParams.get('includeObject') ??
      'PartialObjectMetadata') as IncludeObject;
    const printer = kind.defaultTable
      ? { ...defaultPrinter, resource: kind.resource }
      : printerFor(kind.resource);
    const table = renderTable(
      printer,
      objects,
      { now: ctx.store.referenceTime() },
      include,
      metadata,
      apiVersion,
    );
    return sendJson(res, 200, table, contentType('Table'));
  }
  if (wanted.as === 'Partial') {
    if (!isList)
      return sendJson(
        res,
        200,
        partialMetadata(objects[0]!, apiVersion),
        contentType('PartialObjectMetadata'),
      );
    const items = objects.map((o) => partialMetadata(o, apiVersion));
    return sendJson(
      res,
      200,
      { kind: 'PartialObjectMetadataList', apiVersion, metadata, items },
      contentType('PartialObjectMetadataList'),
    );
  }
  if (!isList) return sendJson(res, 200, objects[0]);
  sendJson(res, 200, {
    kind: `${kind.kind}List`,
    apiVersion: groupVersionOf(kind),
    metadata,
    items: objects,
  });
}

/** GET .../pods/{name}/log: container, previous, tailLines, limitBytes; timestamps ignored. */
async function log(
  ctx: ResourceContext,
  route: ResourceRoute,
  pod: KubeObject,
  url: URL,
  res: ServerResponse,
) {
  const spec =
    (
      pod as {
        spec?: {
          containers?: { name: string }[];
          initContainers?: { name: string }[];
          ephemeralContainers?: { name: string }[];
        };
      }
    ).spec ?? {};
  const names = (spec.containers ?? []).map((c) => c.name);
  const others = [...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map(
    (c) => c.name,
  );
  const podName = pod.metadata.name;
  let container = url.searchParams.get('container') ?? '';
  if (container === '') {
    if (names.length !== 1) {
      return sendStatus(
        res,
        badRequest(
          `a container name must be specified for pod ${podName}, choose one of: [${names.join(' ')}]${others.length ? ` or one of the init containers: [${others.join(' ')}]` : ''}`,
        ),
      );
    }
    container = names[0]!;
  }
  if (!names.includes(container) && !others.includes(container)) {
    return sendStatus(res, badRequest(`container ${container} is not valid for pod ${podName}`));
  }
  const previous = ['true', '1'].includes(url.searchParams.get('previous') ?? '');
  const namespace = route.namespace!;
  const file = ctx.store.logFile(namespace, podName, container, previous);
  const found = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!found) {
    if (previous) {
      return sendStatus(
        res,
        badRequest(`previous terminated container "${container}" in pod "${podName}" not found`),
      );
    }
    // A container that printed nothing (or whose log the bundle lacks) reads as empty.
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 0 });
    res.end();
    return;
  }
  await streamLog(
    res,
    file,
    { tailLines: intParam(url, 'tailLines'), limitBytes: intParam(url, 'limitBytes') },
    ctx.faults.logStream(namespace, podName, container),
  );
}

export async function handleResource(
  ctx: ResourceContext,
  route: ResourceRoute,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { kind, namespace, name, subresource } = route;
  try {
    if (name === undefined) return list(ctx, route, url, req, res);
    if (subresource === 'proxy' && kind.group === '' && kind.resource === 'pods') {
      return await handlePodProxy(ctx.store, route, res);
    }
    const obj = ctx.store.get(kind, kind.namespaced ? namespace : undefined, name);
    if (kind.namespaced && namespace === undefined) return sendStatus(res, unknownPath());
    if (!obj) return sendStatus(res, notFound(kind, name));
    if (subresource === 'log' && kind.resource === 'pods')
      return await log(ctx, route, obj, url, res);
    if (subresource !== undefined && subresource !== 'status') {
      return sendStatus(res, notLive(`${kind.resource}/${subresource}`));
    }
    represent(ctx, route, url, req, res, [obj], { resourceVersion: ctx.resourceVersion }, false);
  } catch (error) {
    if (error instanceof SelectorError) return sendStatus(res, badRequest(error.message));
    throw error;
  }
}
