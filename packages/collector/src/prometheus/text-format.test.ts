import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { familyOf, lines, parseExpositionLine } from './text-format.js';

describe('Prometheus text format', () => {
  it('reads HELP, TYPE and samples with labels, escapes and timestamps', () => {
    expect(
      parseExpositionLine(
        '# HELP nginx_ingress_controller_requests The total number of client requests',
      ),
    ).toEqual({
      kind: 'help',
      family: 'nginx_ingress_controller_requests',
      help: 'The total number of client requests',
    });
    expect(parseExpositionLine('# TYPE nginx_ingress_controller_requests counter')).toEqual({
      kind: 'type',
      family: 'nginx_ingress_controller_requests',
      type: 'counter',
    });
    expect(
      parseExpositionLine(
        'nginx_ingress_controller_requests{ingress="studio",path="/a\\"b\\\\c",status="502"} 37',
      ),
    ).toEqual({
      kind: 'sample',
      name: 'nginx_ingress_controller_requests',
      labels: { ingress: 'studio', path: '/a"b\\c', status: '502' },
      value: 37,
    });
    expect(parseExpositionLine('x_bucket{le="+Inf"} 3 1700000000000')).toMatchObject({
      labels: { le: '+Inf' },
      value: 3,
    });
    expect(parseExpositionLine('go_goroutines 92')).toMatchObject({ value: 92, labels: {} });
  });

  it('calls comments, blank and broken lines "other"', () => {
    for (const line of ['', '# EOF', 'x{a="b} 1', 'x{a=b} 1', 'x 1e', '{a="b"} 1']) {
      expect(parseExpositionLine(line), line).toEqual({ kind: 'other' });
    }
  });

  it('finds the family of histogram samples', () => {
    const families = new Set(['nginx_ingress_controller_response_duration_seconds']);
    expect(familyOf('nginx_ingress_controller_response_duration_seconds_bucket', families)).toBe(
      'nginx_ingress_controller_response_duration_seconds',
    );
    expect(familyOf('nginx_ingress_controller_requests', families)).toBe(
      'nginx_ingress_controller_requests',
    );
  });

  it('splits a stream into lines across chunk boundaries', async () => {
    const out: string[] = [];
    for await (const l of lines(Readable.from([Buffer.from('a 1\nb'), Buffer.from(' 2\nc 3')]))) {
      out.push(l);
    }
    expect(out).toEqual(['a 1', 'b 2', 'c 3']);
  });
});
