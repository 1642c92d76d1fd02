import { resourceKinds } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import { otherScopes, relatedObjects, studioKinds, studioScope } from './scope.js';

const found = (namespace: string) => ({
  namespace,
  family: 'ingress-nginx',
  pods: ['ctrl-1'],
  how: '',
});

describe('scopes', () => {
  it('collects every namespaced kind of the bundle format in the Studio namespace', () => {
    expect([...studioScope('s').kinds].sort()).toEqual(
      resourceKinds
        .filter((k) => k.namespaced)
        .map((k) => k.dir)
        .sort(),
    );
    expect(studioKinds).toContain('events');
  });

  it('gives the controller its own namespace, and kube-system only DNS', () => {
    const scopes = otherScopes('studio', found('ingress-nginx'));
    expect(scopes.map((s) => [s.namespace, s.owner])).toEqual([
      ['ingress-nginx', 'ingress-controller'],
      ['kube-system', 'kube-system-dns'],
    ]);
    const dns = scopes[1]!;
    expect(dns.kinds).toEqual(['pods', 'events']);
    expect(dns.pod!({ metadata: { name: 'coredns-1', labels: { 'k8s-app': 'kube-dns' } } })).toBe(
      true,
    );
    expect(
      dns.pod!({ metadata: { name: 'kube-proxy-1', labels: { 'k8s-app': 'kube-proxy' } } }),
    ).toBe(false);
  });

  it('writes each namespace once when the controller shares kube-system or the Studio namespace', () => {
    const inKubeSystem = otherScopes('studio', found('kube-system'));
    expect(inKubeSystem.map((s) => s.namespace)).toEqual(['kube-system']);
    expect(inKubeSystem[0]!.pod!({ metadata: { name: 'ctrl-1' } })).toBe(true);
    expect(otherScopes('studio', found('studio')).map((s) => s.namespace)).toEqual(['kube-system']);
    expect(otherScopes('kube-system', undefined)).toEqual([]);
  });

  it('relates a pod to its ReplicaSet and the Deployment behind it', () => {
    const related = relatedObjects([
      {
        metadata: {
          name: 'coredns-5d78c9869d-abcde',
          labels: { 'pod-template-hash': '5d78c9869d' },
          ownerReferences: [{ kind: 'ReplicaSet', name: 'coredns-5d78c9869d' }],
        },
      },
    ]);
    expect([...related].sort()).toEqual([
      'Deployment/coredns',
      'Pod/coredns-5d78c9869d-abcde',
      'ReplicaSet/coredns-5d78c9869d',
    ]);
  });
});
