import { describe, expect, it } from 'vitest';
import { LineScanner } from './line-scan.js';

async function* chunks(text: string, size: number): AsyncGenerator<Buffer> {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('LineScanner', () => {
  const log = [
    '2026/11/25 11:58:01 [error] 31#31: *1 connect() failed (111: Connection refused) while connecting to upstream',
    'GET /health 200',
    'psycopg2.OperationalError: could not translate host name "db" to address: Name or service not known',
    'ünïcode line with Connection refused',
    'crlf line Connection refused\r',
    'last line without newline: no live upstreams',
  ].join('\n');
  const patterns = [
    { id: 'refused', source: 'Connection refused' },
    { id: 'nolive', source: 'no live upstreams$' },
    { id: 'dns', source: 'could not translate host name "(?<host>[^"]+)"', ignoreCase: true },
    { id: 'never', source: 'WORKER TIMEOUT' },
  ];

  it.each([1, 3, 7, 64, 100_000])(
    'gives the same answer whatever the chunk size (%i)',
    async (size) => {
      const scan = await new LineScanner(patterns).scan(chunks(log, size));
      expect(scan.lines).toBe(6);
      expect(scan.bytes).toBe(Buffer.byteLength(log));
      expect(scan.hits.get('refused')).toEqual({
        count: 3,
        samples: [
          { line: 1, text: log.split('\n')[0] },
          { line: 4, text: 'ünïcode line with Connection refused' },
          { line: 5, text: 'crlf line Connection refused' },
        ],
      });
      expect(scan.hits.get('nolive')?.samples).toEqual([
        { line: 6, text: 'last line without newline: no live upstreams' },
      ]);
      expect(scan.hits.get('dns')?.count).toBe(1);
      expect(scan.hits.has('never')).toBe(false);
    },
  );

  it('counts every match but keeps only `keep` samples', async () => {
    const many =
      Array.from({ length: 1000 }, (_, i) => `line ${i} upstream timed out`).join('\n') + '\n';
    const scan = await new LineScanner([{ id: 't', source: 'timed out', keep: 2 }]).scan(
      chunks(many, 4096),
    );
    expect(scan.lines).toBe(1000);
    expect(scan.hits.get('t')?.count).toBe(1000);
    expect(scan.hits.get('t')?.samples.map((s) => s.line)).toEqual([1, 2]);
  });

  it('a prefilter hit spanning lines does not hide a real one later on the line', async () => {
    const scan = await new LineScanner([{ id: 'q', source: 'a[^"]*b' }]).scan(
      chunks('xa "ab\nb\n', 3),
    );
    expect(scan.hits.get('q')).toEqual({ count: 1, samples: [{ line: 1, text: 'xa "ab' }] });
  });

  it('with no patterns it only counts lines', async () => {
    const scan = await new LineScanner([]).scan(chunks('a\nb\nc\n', 2));
    expect(scan).toEqual({ lines: 3, bytes: 6, hits: new Map() });
  });

  it('numbers lines right across decode windows and chunks, long lines included', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) =>
      i === 2500
        ? `${'x'.repeat(200_000)} upstream timed out`
        : `line ${i}${i % 997 === 0 ? ' upstream timed out' : ''}`,
    );
    const text = lines.join('\n') + '\n';
    const want = lines.flatMap((l, i) => (l.endsWith('upstream timed out') ? [i + 1] : []));
    for (const size of [1024 * 1024, 70_000, 4096]) {
      const scan = await new LineScanner([
        { id: 't', source: 'upstream timed out$', keep: 100 },
      ]).scan(chunks(text, size));
      expect(scan.lines).toBe(5000);
      expect(scan.hits.get('t')?.samples.map((x) => x.line)).toEqual(want);
    }
  });
});
