import { describe, expect, it } from 'vitest';
import { Limiter, mapLimit } from './limiter.js';

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 1));

describe('Limiter', () => {
  it('never lets more than max hold a slot, and serves waiters first come first served', async () => {
    const limiter = new Limiter(2);
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const release = await limiter.acquire();
        order.push(i);
        peak = Math.max(peak, limiter.active);
        await tick();
        release();
        release(); // releasing twice is harmless
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(limiter.active).toBe(0);
  });

  it('rejects a queued waiter whose signal aborts, and forgets it', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    const abort = new AbortController();
    const waiting = limiter.acquire(abort.signal);
    abort.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    release();
    expect(limiter.active).toBe(0);
  });
});

describe('mapLimit', () => {
  it('keeps input order and the bound', async () => {
    let inFlight = 0;
    let peak = 0;
    const out = await mapLimit([5, 1, 3, 2, 4], 2, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, n));
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 30, 20, 40]);
    expect(peak).toBe(2);
  });
});
