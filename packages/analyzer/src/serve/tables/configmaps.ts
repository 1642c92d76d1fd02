import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

export const configMapPrinter: Printer = {
  resource: 'configmaps',
  columns: [nameColumn, col('Data', 'string', 'Data contains the configuration data.'), ageColumn],
  cells(obj, { now }) {
    const cm = obj as { data?: Record<string, string>; binaryData?: Record<string, string> };
    const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return [obj.metadata.name, keys, since(obj.metadata.creationTimestamp, now)];
  },
};
