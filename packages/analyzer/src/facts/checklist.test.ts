import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../bundle/index.js';
import { LineScanner, type LogScan } from '../bundle/line-scan.js';
import { defaultFixturesDir } from '../rules/expectation.js';
import { buildFacts, FactContext, factScanPatterns, type Facts } from './index.js';

/** Facts of a fixture bundle (fixtures/<name>), as the analyzer builds them. */
async function factsOf(name: string): Promise<Facts> {
  const scanner = new LineScanner(factScanPatterns);
  const bundle = await readBundle<LogScan>(join(defaultFixturesDir(), name), {
    scanLog: (_p, body) => scanner.scan(body),
  });
  return buildFacts(new FactContext(bundle));
}

describe('facts of the rest of the checklist', () => {
  it('in-pod checks: what ran, what was missing, what passed', async () => {
    const facts = await factsOf('database-check-refused');
    const checks = facts.execChecks!.map((c) => [c.id, c.program, c.ran, c.ok]);
    expect(checks).toEqual(
      expect.arrayContaining([
        ['database', 'python', false, false],
        ['database-python3', 'python3', true, false],
        ['redis-python3', 'python3', true, true],
        ['health', 'curl', true, true],
        ['backend-health', 'curl', true, true],
        ['dns-getent', 'getent', true, true],
        ['env', 'env', true, true],
      ]),
    );
    const db = facts.execChecks!.find((c) => c.id === 'database-python3')!;
    expect(db.firstLine).toMatch(/^Database connection failed: connection to server at /);
    expect(db.evidence[0]).toMatchObject({ line: 1 });
    // The in-pod curls are health answers too, whichever way they were asked.
    expect(facts.healthProbes!.map((h) => [h.via, h.ok, h.status])).toEqual([
      ['curl-in-pod', true, undefined],
      ['curl-via-service', true, 200],
    ]);
  });

  it('the 502 counters per Service and what Prometheus said', async () => {
    const facts = await factsOf('database-check-refused');
    expect(
      facts.ingressRequests!.map((r) => [r.service, r.requests, r.count502, r.percent502]),
    ).toEqual([
      ['datachain-studio-frontend', 9120, 0, 0],
      ['datachain-studio-backend', 1574, 264, 16.77],
    ]);
    expect(facts.prometheusAlerts!.map((a) => [a.query, a.alertname, a.service, a.value])).toEqual([
      ['high-502-error-rate', 'High502ErrorRate', 'datachain-studio-backend', 0.8],
      ['rate-502-by-service', undefined, 'datachain-studio-backend', 0.8],
      ['firing-alerts', 'High502ErrorRate', 'datachain-studio-backend', 1],
    ]);
  });

  it('usage against limits, and node allocations as kubectl describe node sums them', async () => {
    const near = await factsOf('memory-near-limit');
    const backend = near.containerUsage!.find((c) => c.component === 'backend')!;
    expect(backend).toMatchObject({
      memoryBytes: 1966 * 1024 * 1024,
      memoryLimitBytes: 2 * 1024 ** 3,
      memoryPercentOfLimit: 95,
      cpuMillicores: 413,
      cpuLimitMillicores: 1000,
      cpuPercentOfLimit: 41,
    });
    const full = await factsOf('node-requests-full');
    expect(full.nodeResources).toHaveLength(1);
    expect(full.nodeResources![0]).toMatchObject({
      name: 'studio-node-1',
      memoryRequestedPercent: 96,
      cpuRequestedPercent: 37,
      memoryPressure: false,
      unscheduledPods: 1,
    });
  });
});
