import { fieldAt, type KubeObject } from './objects.js';
import { SelectorError } from './label-selector.js';

/**
 * Field selectors (`involvedObject.name=x,status.phase!=Running`) over the fields the API
 * server indexes for each resource; anything else is refused as the server refuses it.
 */
export interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

const common = ['metadata.name', 'metadata.namespace'];

/** Selectable fields per resource, and where a field's value lives when not at its own path. */
const selectable: Record<string, string[]> = {
  pods: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  events: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  secrets: ['type'],
  nodes: ['spec.unschedulable'],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
  replicationcontrollers: ['status.replicas'],
  jobs: ['status.successful'],
};

const valuePaths: Record<string, string> = {
  source: 'source.component',
  'status.successful': 'status.succeeded',
};

/** Backslash escapes the API server accepts in values: \\ \, \= */
function unescape(value: string): string {
  return value.replace(/\\([\\,=])/g, '$1');
}

export function parseFieldSelector(text: string, resource: string): FieldRequirement[] {
  if (text.trim() === '') return [];
  const allowed = [...common, ...(selectable[resource] ?? [])];
  return text.split(/(?<!\\),/).map((raw) => {
    const m = /^\s*([A-Za-z][\w.]*)\s*(==|=|!=)(.*)$/.exec(raw);
    if (!m) {
      throw new SelectorError(
        `invalid fieldSelector ${JSON.stringify(text)}: expected field=value or field!=value, got ${JSON.stringify(raw)}`,
      );
    }
    const field = m[1]!;
    if (!allowed.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
    return { field, negate: m[2] === '!=', value: unescape(m[3]!.trim()) };
  });
}

function fieldValue(obj: KubeObject, field: string): string {
  const v = fieldAt(obj, valuePaths[field] ?? field);
  if (v === undefined || v === null) return field === 'spec.unschedulable' ? 'false' : '';
  return String(v);
}

export function matchesFields(selector: FieldRequirement[], obj: KubeObject): boolean {
  return selector.every((r) => (fieldValue(obj, r.field) === r.value) !== r.negate);
}
