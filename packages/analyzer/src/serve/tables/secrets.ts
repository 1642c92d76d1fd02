import { since } from '../human-duration.js';
import { metadataKeyCounts } from '../secret-keys.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

export const secretPrinter: Printer = {
  resource: 'secrets',
  columns: [
    nameColumn,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'string', 'Data contains the secret data.'),
    ageColumn,
  ],
  cells(obj, { now }) {
    const s = obj as { type?: string; data?: Record<string, string> };
    const keys = s.data ? Object.keys(s.data).length : (metadataKeyCounts.get(obj) ?? 0);
    return [obj.metadata.name, s.type ?? '', keys, since(obj.metadata.creationTimestamp, now)];
  },
};
