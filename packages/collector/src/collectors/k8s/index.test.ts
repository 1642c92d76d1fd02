import { describe, expect, it } from 'vitest';
import { k8sCollectors } from './index.js';

describe('the Kubernetes collector registry', () => {
  it('has unique ids the manifest accepts, each described', () => {
    const ids = k8sCollectors.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of k8sCollectors) {
      expect(c.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(c.description.length).toBeGreaterThan(10);
    }
  });

  it('names the collectors that own a namespace scope', () => {
    const ids = k8sCollectors.map((c) => c.id);
    for (const owner of ['studio-resources', 'ingress-controller', 'kube-system-dns']) {
      expect(ids).toContain(owner);
    }
  });
});
