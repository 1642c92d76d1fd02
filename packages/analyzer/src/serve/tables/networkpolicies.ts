import { since } from '../human-duration.js';
import { ageColumn, col, formatLabelSelector, nameColumn, type Printer } from './table.js';
import type { SelectorLike } from './workload-types.js';

export const networkPolicyPrinter: Printer = {
  resource: 'networkpolicies',
  columns: [
    nameColumn,
    col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'),
    ageColumn,
  ],
  cells(obj, { now }) {
    const selector = (obj as { spec?: { podSelector?: SelectorLike } }).spec?.podSelector ?? {};
    return [
      obj.metadata.name,
      formatLabelSelector(selector),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
