import { since } from '../human-duration.js';
import { ageColumn, col, nameColumn, type Printer } from './table.js';

interface EndpointSliceLike {
  addressType?: string;
  ports?: { port?: number; name?: string }[] | null;
  endpoints?: { addresses?: string[] }[] | null;
}

/** listWithMoreString: up to three items, "+ N more...", "<unset>" when empty. */
function listWithMore(all: string[]): string {
  const max = 3;
  const text = all.slice(0, max).join(',');
  if (all.length > max) return `${text} + ${all.length - max} more...`;
  return text || '<unset>';
}

export const endpointSlicePrinter: Printer = {
  resource: 'endpointslices',
  columns: [
    nameColumn,
    col(
      'AddressType',
      'string',
      'addressType specifies the type of address carried by this EndpointSlice.',
    ),
    col(
      'Ports',
      'string',
      'ports specifies the list of network ports exposed by each endpoint in this slice.',
    ),
    col('Endpoints', 'string', 'endpoints is a list of unique endpoints in this slice.'),
    ageColumn,
  ],
  cells(obj, { now }) {
    const slice = obj as unknown as EndpointSliceLike;
    const ports = (slice.ports ?? []).map((p) =>
      p.port !== undefined ? String(p.port) : (p.name ?? '*'),
    );
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return [
      obj.metadata.name,
      slice.addressType ?? '',
      listWithMore(ports),
      listWithMore(addresses),
      since(obj.metadata.creationTimestamp, now),
    ];
  },
};
