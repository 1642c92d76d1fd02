import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

export const serviceAccountPrinter: Printer = {
  resource: 'serviceaccounts',
  columns: [
    nameColumn,
    col(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn,
  ],
  cells(obj, { now }) {
    const secrets = (obj as { secrets?: unknown[] }).secrets ?? [];
    return [obj.metadata.name, secrets.length, since(obj.metadata.creationTimestamp, now)];
  },
};
