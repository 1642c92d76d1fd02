import { createHash } from 'node:crypto';

/**
 * Identifiers that look like a cluster's and stay the same for the same scenario, so two
 * builds of a scenario differ only in their times.
 */
function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

/** A version-4-shaped UID. */
export function uidFor(seed: string): string {
  const h = digest(`uid:${seed}`).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The alphabet of pod-template-hash and generated name suffixes (k8s rand.SafeEncodeString). */
const safe = 'bcdfghjklmnpqrstvwxz2456789';

export function safeSuffix(seed: string, length: number): string {
  const bytes = digest(`suffix:${seed}`);
  return Array.from(bytes.subarray(0, length), (b) => safe[b % safe.length]).join('');
}

export function hexId(seed: string, length: number): string {
  return digest(`hex:${seed}`).toString('hex').slice(0, length);
}

/** An address under a two-octet prefix (`10.42` → 10.42.x.y), derived from the seed. */
export function ipFor(seed: string, prefix: string): string {
  const b = digest(`ip:${seed}`);
  return `${prefix}.${b[0]! % 255}.${(b[1]! % 250) + 2}`;
}
