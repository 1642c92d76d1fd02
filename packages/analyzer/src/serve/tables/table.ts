import type { KubeObject } from '../objects.js';

/**
 * meta.k8s.io/v1 Table pieces. Column sets and cell values follow the API server's
 * printers (kubernetes pkg/printers/internalversion/printers.go); as there, the server
 * always sends the wide columns (priority 1) and kubectl hides them without `-o wide`.
 */
export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

export interface PrintContext {
  /** AGE and "(5m ago)" are measured up to this instant: the bundle's collection time. */
  now: Date;
}

export interface Printer {
  /** API plural this printer serves, e.g. "pods". */
  resource: string;
  columns: Column[];
  cells(obj: KubeObject, ctx: PrintContext): unknown[];
  /** Row conditions (pods: Completed when Succeeded/Failed). */
  conditions?(obj: KubeObject): unknown[] | undefined;
}

export function col(
  name: string,
  type: Column['type'],
  description: string,
  priority = 0,
  format = '',
): Column {
  return { name, type, format, description, priority };
}

export const nameColumn = col(
  'Name',
  'string',
  'Name must be unique within a namespace.',
  0,
  'name',
);

export const ageColumn = col(
  'Age',
  'string',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

/** labels.FormatLabels: sorted k=v pairs, "<none>" when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

interface LabelSelectorSpec {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/** labels.Selector.String() of a metav1.LabelSelector: requirements sorted by key. */
export function selectorString(sel: LabelSelectorSpec | null | undefined): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {}))
    reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, "<none>" when it selects by nothing. */
export function formatLabelSelector(sel: LabelSelectorSpec | null | undefined): string {
  return selectorString(sel) || '<none>';
}

interface ContainerLike {
  name?: string;
  image?: string;
}

/** layoutContainerCells: container names and images, comma-joined. */
export function containerCells(containers: ContainerLike[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** Sorted, de-duplicated IPs or hostnames of a load balancer status. */
export function loadBalancerString(
  status: { ingress?: { ip?: string; hostname?: string }[] | null } | undefined | null,
): string {
  const seen = new Set<string>();
  for (const i of status?.ingress ?? []) {
    if (i.ip) seen.add(i.ip);
    else if (i.hostname) seen.add(i.hostname);
  }
  return [...seen].sort().join(',');
}

export const int = (v: unknown): number => (typeof v === 'number' ? Math.trunc(v) : 0);
