import { parseQuantityNanos } from '@studio-support/schema';
import type { KubeObject } from '../../k8s/client.js';

/** Resource name → amount in nano-units (exact), as the API's ResourceList holds them. */
export type Amounts = Map<string, bigint>;

interface ContainerSpec {
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  restartPolicy?: string;
}

function amounts(list: Record<string, string> | undefined): Amounts {
  const out: Amounts = new Map();
  for (const [name, text] of Object.entries(list ?? {})) {
    const nanos = parseQuantityNanos(String(text));
    if (nanos !== undefined) out.set(name, nanos);
  }
  return out;
}

export function addAmounts(into: Amounts, more: Amounts): Amounts {
  for (const [name, n] of more) into.set(name, (into.get(name) ?? 0n) + n);
  return into;
}

function maxAmounts(into: Amounts, other: Amounts): Amounts {
  for (const [name, n] of other) if (n > (into.get(name) ?? 0n)) into.set(name, n);
  return into;
}

/**
 * A pod's effective requests or limits, summed the way `kubectl describe node` sums them
 * (kubectl's resourcehelper): the containers add up; an init container runs alone before
 * them, so the pod needs the larger of the two; a restartable init container (a sidecar)
 * runs for the pod's life, so it adds, and every later init container runs beside it; pod
 * overhead adds to requests, and to limits only where a limit is set.
 */
export function podAmounts(pod: KubeObject, which: 'requests' | 'limits'): Amounts {
  const spec = (pod.spec ?? {}) as {
    containers?: ContainerSpec[];
    initContainers?: ContainerSpec[];
    overhead?: Record<string, string>;
  };
  const total: Amounts = new Map();
  for (const c of spec.containers ?? []) addAmounts(total, amounts(c.resources?.[which]));
  const sidecars: Amounts = new Map();
  const initPeak: Amounts = new Map();
  for (const c of spec.initContainers ?? []) {
    const own = amounts(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      addAmounts(sidecars, own);
      addAmounts(total, own);
      maxAmounts(initPeak, sidecars);
    } else {
      maxAmounts(initPeak, addAmounts(own, sidecars));
    }
  }
  maxAmounts(total, initPeak);
  for (const [name, n] of amounts(spec.overhead)) {
    if (which === 'requests' || (total.get(name) ?? 0n) !== 0n) {
      total.set(name, (total.get(name) ?? 0n) + n);
    }
  }
  return total;
}
