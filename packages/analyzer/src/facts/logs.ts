import { parsePodLogPath } from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import { at, strMap } from './json.js';
import type { FactCollection, FactItem } from './types.js';

export const logsCollection: FactCollection = {
  name: 'logs',
  doc: 'Every log the bundle holds for the scope (pod logs, host command output, host log files); log conditions filter on these fields.',
  fields: {
    path: { type: 'string', doc: 'Bundle path.' },
    kind: {
      type: 'string',
      doc: 'pod, command (host/commands/<id>.txt) or file (host/files/…, other *.log).',
    },
    namespace: { type: 'string', doc: 'Namespace of the pod.' },
    pod: { type: 'string', doc: 'Pod name.' },
    container: { type: 'string', doc: 'Container name.' },
    component: {
      type: 'string',
      doc: 'Studio component (backend, worker, ingress-controller, nginx, …).',
    },
    previous: { type: 'boolean', doc: 'The log of the previous (crashed) container instance.' },
    command: { type: 'string', doc: 'Host command id.' },
    lines: { type: 'number', doc: 'Lines in the log.' },
    bytes: { type: 'number', doc: 'Bytes in the log.' },
    truncated: { type: 'boolean', doc: 'The collector kept only the tail.' },
  },
};

/** The component a host command's output speaks for. */
function commandComponent(id: string): string {
  if (id.startsWith('docker-logs-')) return componentOf({}, id.slice('docker-logs-'.length));
  if (id === 'journalctl-datachain-studio' || id.endsWith('-datachain-studio'))
    return 'studio-unit';
  if (id === 'journalctl-docker') return 'docker';
  if (id === 'journalctl-kernel') return 'kernel';
  if (id.startsWith('nginx')) return 'nginx';
  return 'host';
}

export function buildLogs(ctx: FactContext): FactItem[] {
  const truncated = new Set(
    ctx.manifest?.collectors.flatMap((c) => c.truncated.map((t) => t.path)) ?? [],
  );
  const podComponent = new Map<string, string>();
  const componentOfPod = (namespace: string, pod: string): string => {
    const key = `${namespace}/${pod}`;
    let c = podComponent.get(key);
    if (c === undefined) {
      const item = (ctx.list('pods', namespace) ?? []).find((p) => at(p, 'metadata.name') === pod);
      c = componentOf(
        strMap(at(item, 'metadata.labels')),
        pod.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, ''),
        pod,
      );
      podComponent.set(key, c);
    }
    return c;
  };
  const out: FactItem[] = [];
  for (const [path, scan] of ctx.bundle.logs) {
    const base = { path, lines: scan.lines, bytes: scan.bytes, truncated: truncated.has(path) };
    const pod = parsePodLogPath(path);
    const dump =
      ctx.bundle.format === 'cluster-info-dump' ? /^([^/]+)\/([^/]+)\/logs\.txt$/.exec(path) : null;
    const command = /^host\/commands\/([^/]+)\.txt$/.exec(path)?.[1];
    let item: FactItem;
    if (pod || dump) {
      const namespace = pod?.namespace ?? dump?.[1] ?? '';
      const name = pod?.pod ?? dump?.[2] ?? '';
      const component = componentOfPod(namespace, name);
      // Out-of-scope namespaces count only for the ingress controller, whose logs hold nginx's view.
      if (!ctx.namespaces.includes(namespace) && component !== 'ingress-controller') continue;
      item = {
        ...base,
        kind: 'pod',
        namespace,
        pod: name,
        container: pod?.container,
        component,
        previous: pod?.previous ?? false,
        evidence: [],
      };
    } else if (command) {
      item = {
        ...base,
        kind: 'command',
        command,
        component: commandComponent(command),
        previous: false,
        evidence: [],
      };
    } else {
      item = {
        ...base,
        kind: 'file',
        component: /nginx/.test(path) ? 'nginx' : 'host',
        previous: false,
        evidence: [],
      };
    }
    item.evidence.push({ path, excerpt: `${scan.lines} lines` });
    out.push(item);
  }
  return out;
}
