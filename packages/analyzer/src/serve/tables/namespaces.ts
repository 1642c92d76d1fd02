import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

export const namespacePrinter: Printer = {
  resource: 'namespaces',
  columns: [nameColumn, col('Status', 'string', 'The status of the namespace'), ageColumn],
  cells(obj, { now }) {
    const phase = (obj as { status?: { phase?: string } }).status?.phase ?? '';
    return [obj.metadata.name, phase, since(obj.metadata.creationTimestamp, now)];
  },
};
