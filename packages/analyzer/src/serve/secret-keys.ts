import type { KubeObject } from './objects.js';

/**
 * Secrets served from our bundles' metadata carry no data, yet their key count is known;
 * kept beside the object (not inside it) so `-o yaml` shows exactly what a Secret without
 * data looks like, while the Table's DATA column still counts the keys the bundle recorded.
 */
export const metadataKeyCounts = new WeakMap<KubeObject, number>();
