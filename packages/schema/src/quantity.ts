/**
 * Kubernetes resource quantities ("250m", "1.5Gi", "329087452n", "2e3"), as the API serves
 * them in requests, limits, allocatable and metrics. Parsed exactly into nano-units (BigInt),
 * then rounded up the way resource.Quantity's MilliValue()/Value() round, so sums and kubectl's
 * own figures agree to the unit.
 */

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

const pattern = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** A quantity in nano-units (1 = 10⁻⁹ of the base unit: cores, bytes), exact. */
export function parseQuantityNanos(text: string): bigint | undefined {
  const m = pattern.exec(text.trim());
  if (!m) return undefined;
  const [, sign, number, suffix, exponent] = m;
  const [whole = '', fraction = ''] = number!.split('.');
  let digits = BigInt(`${whole}${fraction}` || '0');
  // digits × 10^(scale) × 1024^(binary) nano-units
  let scale = 9 - fraction.length;
  if (suffix !== undefined && suffix in binarySuffixes) {
    digits *= 1024n ** BigInt(binarySuffixes[suffix]!);
  } else if (suffix !== undefined) {
    scale += decimalSuffixes[suffix]!;
  } else if (exponent !== undefined) {
    scale += Number(exponent);
  }
  let nanos: bigint;
  if (scale >= 0) nanos = digits * 10n ** BigInt(scale);
  else {
    // Finer than a nano-unit: rounded up, as the API server rounds such quantities.
    const div = 10n ** BigInt(-scale);
    nanos = (digits + div - 1n) / div;
  }
  return sign === '-' ? -nanos : nanos;
}

function ceilDiv(n: bigint, d: bigint): number {
  const q = n / d;
  return Number(n % d > 0n ? q + 1n : q);
}

/** resource.Quantity.MilliValue(): millicores for CPU, rounded up; undefined if not a quantity. */
export function quantityMillis(text: string): number | undefined {
  const n = parseQuantityNanos(text);
  return n === undefined ? undefined : ceilDiv(n, 1_000_000n);
}

/** resource.Quantity.Value(): whole units (bytes for memory), rounded up. */
export function quantityValue(text: string): number | undefined {
  const n = parseQuantityNanos(text);
  return n === undefined ? undefined : ceilDiv(n, 1_000_000_000n);
}
