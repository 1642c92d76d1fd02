import type { CauseId } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import type { Finding } from './engine.js';
import { layerOrder, rank } from './rank.js';
import type { LoadedRule } from './types.js';

function finding(
  id: string,
  opts: {
    cause?: CauseId;
    symptom?: string;
    explains?: string[];
    severity?: LoadedRule['severity'];
  },
): Finding {
  const rule: LoadedRule = {
    id,
    file: `rules/${id}.yaml`,
    title: id,
    cause: opts.cause,
    symptom: opts.symptom,
    severity: opts.severity ?? 'critical',
    appliesTo: ['kubernetes'],
    explains: opts.explains ?? [],
    when: [],
    message: () => `${id} fired`,
    remediation: [],
    references: [],
    logPatterns: [],
  };
  return {
    rule,
    message: `${id} fired`,
    remediation: [],
    evidence: [{ path: `${id}.json`, excerpt: id }],
  };
}

const symptoms = ['nginx-502', 'endpoints-not-ready', 'pods-not-ready'].map((s) =>
  finding(s, { symptom: s }),
);

describe('rank', () => {
  it('puts a cause that another found cause explains below it', () => {
    const r = rank([
      ...symptoms,
      finding('app-crash', {
        cause: 'app-crash',
        explains: ['nginx-502', 'endpoints-not-ready', 'pods-not-ready'],
      }),
      finding('database-unreachable', {
        cause: 'database-unreachable',
        explains: ['app-crash', 'nginx-502'],
      }),
    ]);
    expect(r.causes.map((c) => c.cause)).toEqual(['database-unreachable', 'app-crash']);
    expect(r.causes[0]!.explainsSymptoms).toEqual(['app-crash', 'nginx-502']);
    expect(r.verdict).toBe('cause-found');
  });

  it('then prefers the cause explaining more of what was observed', () => {
    const r = rank([
      ...symptoms,
      finding('tls-cert-expired', { cause: 'tls-cert-expired' }),
      finding('service-selector-mismatch', {
        cause: 'service-selector-mismatch',
        explains: ['endpoints-not-ready', 'nginx-502', 'nginx-no-live-upstreams'],
      }),
    ]);
    expect(r.causes.map((c) => c.cause)).toEqual(['service-selector-mismatch', 'tls-cert-expired']);
    // nginx-no-live-upstreams was not observed, so it does not count.
    expect(r.causes[0]!.explainsSymptoms).toEqual(['endpoints-not-ready', 'nginx-502']);
  });

  it('breaks ties by layer depth: Database → Redis → Backend, then Service → Ingress → TLS', () => {
    const same = ['nginx-502'];
    const r = rank([
      symptoms[0]!,
      finding('app-crash', { cause: 'app-crash', explains: same }),
      finding('redis-unreachable', { cause: 'redis-unreachable', explains: same }),
      finding('database-unreachable', { cause: 'database-unreachable', explains: same }),
      finding('service-selector-mismatch', { cause: 'service-selector-mismatch', explains: same }),
    ]);
    expect(r.causes.map((c) => c.cause)).toEqual([
      'database-unreachable',
      'redis-unreachable',
      'app-crash',
      'service-selector-mismatch',
    ]);
    expect(layerOrder.indexOf('database')).toBeLessThan(layerOrder.indexOf('redis'));
    expect(layerOrder.indexOf('network')).toBeLessThan(layerOrder.indexOf('tls'));
  });

  it('merges the findings of several rules establishing one cause', () => {
    const r = rank([finding('a', { cause: 'oom-killed' }), finding('b', { cause: 'oom-killed' })]);
    expect(r.causes).toHaveLength(1);
    expect(r.causes[0]!.rules).toEqual(['a', 'b']);
    expect(r.causes[0]!.evidence.map((e) => e.path)).toEqual(['a.json', 'b.json']);
  });

  it('says no-cause-found for a critical symptom nothing explains, healthy otherwise', () => {
    expect(rank([symptoms[0]!]).verdict).toBe('no-cause-found');
    expect(
      rank([finding('restarts', { symptom: 'containers-restarting', severity: 'warning' })])
        .verdict,
    ).toBe('healthy');
    expect(rank([]).verdict).toBe('healthy');
  });
});
