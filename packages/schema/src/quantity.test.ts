import { describe, expect, it } from 'vitest';
import { parseQuantityNanos, quantityMillis, quantityValue } from './quantity.js';

describe('resource quantities', () => {
  it('reads CPU as the metrics API and pod specs write it, rounding up like MilliValue()', () => {
    expect(quantityMillis('329087452n')).toBe(330);
    expect(quantityMillis('250m')).toBe(250);
    expect(quantityMillis('2')).toBe(2000);
    expect(quantityMillis('0.5')).toBe(500);
    expect(quantityMillis('1500u')).toBe(2);
    expect(quantityMillis('0')).toBe(0);
  });

  it('reads memory in binary and decimal units and exponents', () => {
    expect(quantityValue('2748180Ki')).toBe(2748180 * 1024);
    expect(quantityValue('1.5Gi')).toBe(1.5 * 1024 ** 3);
    expect(quantityValue('128M')).toBe(128_000_000);
    expect(quantityValue('2e3')).toBe(2000);
    expect(quantityValue('1E-3')).toBe(1);
    expect(quantityValue('16379772Ki')).toBe(16379772 * 1024);
  });

  it('is exact where floating point is not', () => {
    expect(parseQuantityNanos('0.1')! + parseQuantityNanos('0.2')!).toBe(
      parseQuantityNanos('300m'),
    );
    expect(parseQuantityNanos('-1Ki')).toBe(-1024n * 1_000_000_000n);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'abc', '1.2.3', '5 Mi', 'Mi', '1ki', '1e']) {
      expect(parseQuantityNanos(bad), bad).toBeUndefined();
    }
  });
});
