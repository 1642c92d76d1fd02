import { describe, expect, it } from 'vitest';
import { readBundle } from '../bundle/index.js';
import { LineScanner, type LogScan } from '../bundle/line-scan.js';
import { defaultFixturesDir, findFixtures } from '../rules/expectation.js';
import { buildFacts, FactContext, factScanPatterns, type Facts } from './index.js';

const fixtures = await findFixtures(defaultFixturesDir());

async function factsOf(name: string): Promise<{ ctx: FactContext; facts: Facts }> {
  const f = fixtures.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  const scanner = new LineScanner(factScanPatterns);
  const bundle = await readBundle<LogScan>(f.bundle, { scanLog: (_p, body) => scanner.scan(body) });
  const ctx = new FactContext(bundle);
  return { ctx, facts: buildFacts(ctx) };
}

describe('the ingress controller, in front of Studio, is part of the facts', () => {
  it("its namespace (the manifest's) adds its pods and Services, not its other lists", async () => {
    const { ctx, facts } = await factsOf('ingress-load-balancer-pending');
    expect(ctx.namespaces).toEqual(['datachain-studio']);
    expect(ctx.controllerNamespace).toBe('ingress-nginx');
    const controller = (facts.pods ?? []).filter((p) => p.component === 'ingress-controller');
    expect(controller.map((p) => [p.namespace, p.ready])).toEqual([['ingress-nginx', true]]);
    const lb = (facts.services ?? []).find((s) => s.component === 'ingress-controller');
    expect(lb).toMatchObject({
      namespace: 'ingress-nginx',
      type: 'LoadBalancer',
      loadBalancerIngress: [],
    });
    expect((facts.events ?? []).every((e) => e.namespace === 'datachain-studio')).toBe(true);
  });
});

describe('ingresses: classFound', () => {
  it('a named class that exists', async () => {
    const { facts } = await factsOf('healthy');
    expect((facts.ingresses ?? []).map((i) => [i.className, i.classFound])).toEqual([
      ['nginx', true],
      ['nginx', true],
    ]);
  });

  it('no class name, but a default IngressClass', async () => {
    const { facts } = await factsOf('ingress-default-class');
    expect((facts.ingresses ?? []).map((i) => [i.className, i.classFound])).toEqual([
      [undefined, true],
      [undefined, true],
    ]);
  });
});
