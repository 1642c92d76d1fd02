import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

interface IngressClassLike {
  spec?: { controller?: string; parameters?: { apiGroup?: string; kind: string; name: string } };
}

export const ingressClassPrinter: Printer = {
  resource: 'ingressclasses',
  columns: [
    nameColumn,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  cells(obj, { now }) {
    const p = (obj as unknown as IngressClassLike).spec?.parameters;
    const parameters = p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>';
    return [
      obj.metadata.name,
      (obj as unknown as IngressClassLike).spec?.controller ?? '',
      parameters,
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
