import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../objects.js';
import { printerFor, printers } from './index.js';

/** Expected cells follow the API server's printers (printers.go) and their tests. */
const now = new Date('2026-11-25T12:00:00Z');
const created = '2026-11-25T10:00:00Z';
const cells = (
  resource: string,
  obj: Omit<KubeObject, 'metadata'> & { metadata?: Partial<KubeObject['metadata']> },
) =>
  printerFor(resource).cells(
    { ...obj, metadata: { name: 'x', creationTimestamp: created, ...obj.metadata } } as KubeObject,
    { now },
  );

describe('table printers', () => {
  it('give every printer as many cells as columns', () => {
    for (const p of printers) {
      expect(p.cells({ metadata: { name: 'x' } }, { now }), p.resource).toHaveLength(
        p.columns.length,
      );
    }
  });

  it('events: LAST SEEN, TYPE, REASON, OBJECT, then wide columns', () => {
    expect(
      cells('events', {
        type: 'Warning',
        reason: 'BackOff',
        message: ' Back-off restarting failed container \n',
        count: 31,
        firstTimestamp: '2026-11-25T09:00:00Z',
        lastTimestamp: '2026-11-25T11:59:40Z',
        involvedObject: { kind: 'Pod', name: 'backend-1', fieldPath: 'spec.containers{backend}' },
        source: { component: 'kubelet', host: 'node-1' },
      }),
    ).toEqual([
      '20s',
      'Warning',
      'BackOff',
      'pod/backend-1',
      'spec.containers{backend}',
      'kubelet, node-1',
      'Back-off restarting failed container',
      '3h',
      31,
      'x',
    ]);
  });

  it('events of the new API: eventTime, count 1, reporting controller', () => {
    const row = cells('events', {
      type: 'Normal',
      reason: 'Scheduled',
      eventTime: '2026-11-25T11:59:00.000000Z',
      firstTimestamp: null,
      lastTimestamp: null,
      involvedObject: { kind: 'Pod', name: 'p' },
      source: {},
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-abc',
    });
    expect(row.slice(0, 6)).toEqual([
      '60s',
      'Normal',
      'Scheduled',
      'pod/p',
      '',
      'default-scheduler, default-scheduler-abc',
    ]);
    expect(row[8]).toBe(1);
  });

  it.each([
    [
      {
        type: 'ClusterIP',
        clusterIP: '10.0.0.1',
        clusterIPs: ['10.0.0.1'],
        ports: [{ port: 8000, protocol: 'TCP' }],
      },
      {},
      ['ClusterIP', '10.0.0.1', '<none>', '8000/TCP'],
    ],
    [
      { type: 'ClusterIP', clusterIP: 'None', ports: [] },
      {},
      ['ClusterIP', 'None', '<none>', '<none>'],
    ],
    [
      {
        type: 'NodePort',
        clusterIP: '10.0.0.2',
        externalIPs: ['1.2.3.4'],
        ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }],
      },
      {},
      ['NodePort', '10.0.0.2', '1.2.3.4', '80:30080/TCP'],
    ],
    [
      {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.3',
        ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
      },
      {},
      ['LoadBalancer', '10.0.0.3', '<pending>', '443:31443/TCP'],
    ],
    [
      { type: 'LoadBalancer', clusterIP: '10.0.0.3', ports: [] },
      { loadBalancer: { ingress: [{ ip: '5.6.7.8' }, { hostname: 'lb.example.com' }] } },
      ['LoadBalancer', '10.0.0.3', '5.6.7.8,lb.example.com', '<none>'],
    ],
    [
      { type: 'ExternalName', externalName: 'db.example.com', ports: [] },
      {},
      ['ExternalName', '<none>', 'db.example.com', '<none>'],
    ],
  ])('services %#', (spec, status, expected) => {
    expect(cells('services', { spec, status }).slice(1, 5)).toEqual(expected);
  });

  it.each([
    [[], '<none>'],
    [[{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 8000 }] }], '10.0.0.1:8000'],
    [
      [
        {
          addresses: [
            { ip: '10.0.0.1' },
            { ip: '10.0.0.2' },
            { ip: '10.0.0.3' },
            { ip: '10.0.0.4' },
          ],
          ports: [{ port: 80 }],
        },
      ],
      '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...',
    ],
    [[{ addresses: [{ ip: '10.0.0.1' }] }], '10.0.0.1'],
    [[{ notReadyAddresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }], ''],
  ])('endpoints %#', (subsets, expected) => {
    expect(cells('endpoints', { subsets })[1]).toBe(expected);
  });

  it('endpointslices: address type, ports and endpoints, three at most', () => {
    expect(
      cells('endpointslices', {
        addressType: 'IPv4',
        ports: [{ port: 53 }, { name: 'dns' }],
        endpoints: [
          { addresses: ['10.0.0.1', '10.0.0.2'] },
          { addresses: ['10.0.0.3', '10.0.0.4'] },
        ],
      }).slice(1, 4),
    ).toEqual(['IPv4', '53,dns', '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...']);
    expect(cells('endpointslices', { addressType: 'IPv4', endpoints: [] }).slice(2, 4)).toEqual([
      '<unset>',
      '<unset>',
    ]);
  });

  it('ingresses: class, hosts, address, ports', () => {
    expect(
      cells('ingresses', {
        spec: {
          ingressClassName: 'nginx',
          rules: [{ host: 'a.example.com' }, {}, { host: 'b.example.com' }],
          tls: [{}],
        },
        status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      }).slice(1, 5),
    ).toEqual(['nginx', 'a.example.com,b.example.com', '203.0.113.10', '80, 443']);
    expect(cells('ingresses', { spec: {} }).slice(1, 5)).toEqual(['<none>', '*', '', '80']);
  });

  it('nodes: status, roles, version and wide addresses', () => {
    expect(
      cells('nodes', {
        metadata: {
          labels: {
            'node-role.kubernetes.io/control-plane': 'true',
            'node-role.kubernetes.io/master': 'true',
          },
        },
        spec: { unschedulable: true },
        status: {
          conditions: [{ type: 'Ready', status: 'False' }],
          addresses: [{ type: 'InternalIP', address: '172.17.0.2' }],
          nodeInfo: { kubeletVersion: 'v1.31.2+k3s1', osImage: 'K3s v1.31.2+k3s1' },
        },
      }),
    ).toEqual([
      'x',
      'NotReady,SchedulingDisabled',
      'control-plane,master',
      '120m',
      'v1.31.2+k3s1',
      '172.17.0.2',
      '<none>',
      'K3s v1.31.2+k3s1',
      '<unknown>',
      '<unknown>',
    ]);
  });

  it('deployments: READY ready/desired, wide containers, images, selector', () => {
    expect(
      cells('deployments', {
        spec: {
          replicas: 2,
          selector: {
            matchLabels: { b: '2', a: '1' },
            matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }],
          },
          template: {
            spec: {
              containers: [
                { name: 'backend', image: 'b:1' },
                { name: 'sidecar', image: 's:2' },
              ],
            },
          },
        },
        status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 },
      }),
    ).toEqual(['x', '1/2', 2, 1, '120m', 'backend,sidecar', 'b:1,s:2', 'a=1,b=2,c in (x,y)']);
  });

  it('secrets and configmaps count their keys', () => {
    expect(
      cells('secrets', { type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }),
    ).toEqual(['x', 'kubernetes.io/tls', 2, '120m']);
    expect(cells('configmaps', { data: { a: '1' }, binaryData: { b: '' } })).toEqual([
      'x',
      2,
      '120m',
    ]);
  });

  it('kinds without a printer get the server default: NAME and CREATED AT', () => {
    const p = printerFor('limitranges');
    expect(p.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(cells('limitranges', {})).toEqual(['x', '2026-11-25T10:00:00Z']);
  });
});
