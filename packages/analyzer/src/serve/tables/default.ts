import { col, nameColumn, type Printer } from './table.js';

/**
 * The API server's default table for kinds without a printer (apiserver
 * pkg/registry/rest/table.go): NAME and CREATED AT, the creation time in RFC 3339.
 */
export const defaultPrinter: Omit<Printer, 'resource'> = {
  columns: [
    nameColumn,
    col(
      'Created At',
      'date',
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    ),
  ],
  cells(obj) {
    const at = obj.metadata.creationTimestamp;
    const t = at ? Date.parse(at) : Number.NaN;
    return [
      obj.metadata.name,
      Number.isNaN(t) ? '' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ];
  },
};
