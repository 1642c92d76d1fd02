import { describe, expect, it } from 'vitest';
import {
  familyLabelSelector,
  familyOfController,
  familyOfPod,
} from './ingress-controller-families.js';

describe('ingress controller families', () => {
  it.each([
    [{ labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }, [], 'ingress-nginx'],
    [{}, ['registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc'], 'ingress-nginx'],
    [{}, ['docker.io/traefik:v3.1'], 'traefik'],
    [{ labels: { app: 'kubernetes-ingress' } }, [], 'haproxy'],
    [{}, ['nginx:1.27'], undefined],
  ])('%j with images %j is %s', (metadata, images, id) => {
    const pod = { metadata, spec: { containers: images.map((image) => ({ image })) } };
    expect(familyOfPod(pod)?.id).toBe(id);
  });

  it('maps IngressClass controllers and selects every family in one label selector', () => {
    expect(familyOfController('k8s.io/ingress-nginx')?.id).toBe('ingress-nginx');
    expect(familyOfController('traefik.io/ingress-controller')?.id).toBe('traefik');
    expect(familyOfController('example.com/other')).toBeUndefined();
    expect(familyLabelSelector).toBe(
      'app.kubernetes.io/name in (ingress-nginx,rke2-ingress-nginx,nginx-ingress,traefik,haproxy-ingress,kubernetes-ingress)',
    );
  });
});
