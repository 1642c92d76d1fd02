import { since } from '../human-duration.js';
import {
  ageColumn,
  col,
  formatLabels,
  loadBalancerString,
  nameColumn,
  type Printer,
} from './table.js';

interface ServiceLike {
  spec?: {
    type?: string;
    clusterIP?: string;
    clusterIPs?: string[];
    externalIPs?: string[];
    externalName?: string;
    ports?: { port: number; nodePort?: number; protocol?: string }[];
    selector?: Record<string, string>;
  };
  status?: { loadBalancer?: { ingress?: { ip?: string; hostname?: string }[] } };
}

/** getServiceExternalIP, as the server computes it (wide, so never clipped). */
function externalIP(svc: ServiceLike): string {
  const spec = svc.spec ?? {};
  const external = spec.externalIPs ?? [];
  switch (spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerString(svc.status?.loadBalancer);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

function ports(svc: ServiceLike): string {
  const list = (svc.spec?.ports ?? []).map((p) =>
    p.nodePort
      ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}`
      : `${p.port}/${p.protocol ?? 'TCP'}`,
  );
  return list.join(',') || '<none>';
}

export const servicePrinter: Printer = {
  resource: 'services',
  columns: [
    nameColumn,
    col('Type', 'string', 'type determines how the Service is exposed.'),
    col(
      'Cluster-IP',
      'string',
      'clusterIP is the IP address of the service and is usually assigned randomly.',
    ),
    col(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn,
    col(
      'Selector',
      'string',
      'Route service traffic to pods with label keys and values matching this selector.',
      1,
    ),
  ],
  cells(obj, { now }) {
    const svc = obj as unknown as ServiceLike;
    const clusterIP = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP ?? '<none>';
    return [
      obj.metadata.name,
      svc.spec?.type ?? '',
      clusterIP || '<none>',
      externalIP(svc),
      ports(svc),
      since(obj.metadata.creationTimestamp, now),
      formatLabels(svc.spec?.selector),
    ];
  },
};
