import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['250ms', 250],
    ['2d', 172_800_000],
    ['1.5h', 5_400_000],
    ['45', 45_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration('--since', text)).toBe(ms);
  });

  it.each(['', 'soon', '5 minutes', '-5m', '0s', '5m3'])('rejects %j in one line', (text) => {
    expect(() => parseDuration('--timeout', text)).toThrow(
      `--timeout: expected a positive duration such as 30s, 5m or 1h30m, got ${JSON.stringify(text)}`,
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [500, '500ms'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
