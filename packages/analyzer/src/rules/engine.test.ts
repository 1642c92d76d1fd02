import { describe, expect, it } from 'vitest';
import type { LogScan } from '../bundle/line-scan.js';
import type { Facts } from '../facts/types.js';
import { runRule, type EngineInput } from './engine.js';
import { parseRule } from './load.js';

const facts: Facts = {
  containers: [
    {
      namespace: 'ns',
      pod: 'backend-1',
      name: 'backend',
      component: 'backend',
      restartCount: 7,
      oomKilled: true,
      evidence: [{ path: 'pods.json', excerpt: 'backend-1/backend OOMKilled' }],
    },
    {
      namespace: 'ns',
      pod: 'worker-1',
      name: 'worker',
      component: 'worker',
      restartCount: 0,
      oomKilled: false,
      evidence: [{ path: 'pods.json', excerpt: 'worker-1/worker running' }],
    },
  ],
  logs: [
    { path: 'b.log', kind: 'pod', component: 'backend', previous: true, evidence: [] },
    { path: 'w.log', kind: 'pod', component: 'worker', previous: false, evidence: [] },
  ],
};

function input(
  logs: Record<string, Record<string, number>>,
  target: EngineInput['target'] = 'kubernetes',
): EngineInput {
  const scans = new Map<string, LogScan>();
  for (const [path, hits] of Object.entries(logs)) {
    scans.set(path, {
      lines: 100,
      bytes: 1000,
      hits: new Map(
        Object.entries(hits).map(([id, count]) => [
          id,
          { count, samples: [{ line: 3, text: `2026-11-25T11:59:00Z ${id} line` }] },
        ]),
      ),
    });
  }
  return { facts, logs: scans, target, env: {}, globals: { namespace: 'ns' } };
}

const rule = (when: string, message = 'fired in {{namespace}}') =>
  parseRule(
    `id: r\ntitle: t\ncause: oom-killed\nseverity: critical\nappliesTo: [kubernetes]\nwhen:\n${when}\nmessage: "${message}"\n`,
    'rules/r.yaml',
  );

describe('runRule', () => {
  it('fires when every condition holds, citing the matched items', () => {
    const out = runRule(
      rule(
        '  - fact: containers\n    as: k\n    where:\n      oomKilled: { equals: true }',
        '{{#each k}}{{pod}}{{/each}}',
      ),
      input({}),
    );
    expect(out.status).toBe('fired');
    if (out.status !== 'fired') return;
    expect(out.finding.message).toBe('backend-1');
    expect(out.finding.evidence).toEqual([
      { path: 'pods.json', excerpt: 'backend-1/backend OOMKilled' },
    ]);
  });

  it('count thresholds the number of matches', () => {
    const r = rule(
      '  - fact: containers\n    as: k\n    count: { gte: 2 }\n    where:\n      restartCount: { gte: 0 }',
    );
    expect(runRule(r, input({})).status).toBe('fired');
    const r3 = rule('  - fact: containers\n    as: k\n    count: { gte: 3 }');
    expect(runRule(r3, input({})).status).toBe('quiet');
  });

  it('any holds when one branch does; none when no branch does', () => {
    const anyRule = rule(
      '  - any:\n      - fact: containers\n        where: { restartCount: { gt: 100 } }\n      - fact: containers\n        as: k\n        where: { oomKilled: { equals: true } }',
    );
    expect(runRule(anyRule, input({})).status).toBe('fired');
    const noneRule = rule(
      '  - none:\n      - fact: containers\n        where: { oomKilled: { equals: true } }',
    );
    expect(runRule(noneRule, input({})).status).toBe('quiet');
  });

  it('log conditions count matched lines in the sources their where selects', () => {
    const r = rule(
      "  - logs:\n      pattern: 'refused'\n      where: { component: { equals: backend } }\n    as: k\n    count: { gte: 3 }",
    );
    const id = r.logPatterns[0]!.id;
    expect(runRule(r, input({ 'b.log': { [id]: 3 } })).status).toBe('fired');
    expect(runRule(r, input({ 'b.log': { [id]: 2 } })).status).toBe('quiet');
    // The worker's log is not selected, however many lines it has.
    expect(runRule(r, input({ 'w.log': { [id]: 50 } })).status).toBe('quiet');
    const fired = runRule(r, input({ 'b.log': { [id]: 3 } }));
    if (fired.status !== 'fired') throw new Error('not fired');
    expect(fired.finding.evidence).toEqual([
      {
        path: 'b.log',
        line: 3,
        excerpt: `2026-11-25T11:59:00Z ${id} line`,
        time: '2026-11-25T11:59:00Z',
      },
    ]);
  });

  it('is skipped, not failed, where it does not apply', () => {
    const r = rule('  - fact: containers');
    expect(runRule(r, input({}, 'host'))).toMatchObject({
      status: 'skipped',
      reason: 'applies to kubernetes, the bundle is host',
    });
  });
});
