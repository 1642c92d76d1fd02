import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../bundle/index.js';
import { LineScanner, type LogScan } from '../bundle/line-scan.js';
import { defaultFixturesDir, findFixtures } from '../rules/expectation.js';
import { sanCovers } from './certificates.js';
import { componentOf } from './component.js';
import { imageRepository, imageTag } from './containers.js';
import { parseDockerStatus } from './host.js';
import { buildFacts, FactContext, factRegistry, factScanPatterns } from './index.js';
import { nginxTime } from './nginx.js';
import type { FieldType } from './types.js';

const external = fileURLToPath(
  new URL('../../../../../shared/external/troubleshoot/', import.meta.url),
);
const sources = [
  ...(await findFixtures(defaultFixturesDir())).map((f) => f.bundle),
  join(external, 'replicatedhq-troubleshoot/testdata/supportbundle/support-bundle.tar.gz'),
  join(external, 'replicatedhq-sbctl/tests/support-bundle'),
];

function typeOk(type: FieldType, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && !Number.isNaN(Date.parse(v));
    case 'strings':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'map':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

describe('every fact holds only the fields its collection declares, with their types', () => {
  it.each(sources)('%s', async (source) => {
    const scanner = new LineScanner(factScanPatterns);
    const bundle = await readBundle<LogScan>(source, { scanLog: (_p, body) => scanner.scan(body) });
    const facts = buildFacts(new FactContext(bundle));
    for (const topic of factRegistry) {
      for (const item of facts[topic.name] ?? []) {
        for (const [key, value] of Object.entries(item)) {
          if (key === 'evidence') continue;
          const def = topic.fields[key];
          expect(def, `${topic.name}.${key}`).toBeDefined();
          expect(
            typeOk(def!.type, value),
            `${topic.name}.${key} = ${JSON.stringify(value)} is not ${def!.type}`,
          ).toBe(true);
        }
        // Missing evidence cites a path when it has one; absence itself has none.
        if (topic.name !== 'missing') {
          expect(item.evidence.length, `${topic.name} item without evidence`).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('parsers', () => {
  it.each([
    ['Up 2 hours', { state: 'running' }],
    ['Up 3 minutes (unhealthy)', { state: 'running', health: 'unhealthy' }],
    ['Up 5 seconds (health: starting)', { state: 'running', health: 'starting' }],
    ['Exited (3) 4 minutes ago', { state: 'exited', exitCode: 3 }],
    ['Restarting (1) 10 seconds ago', { state: 'restarting', exitCode: 1 }],
    ['Up 2 hours (Paused)', { state: 'paused' }],
    ['Created', { state: 'created' }],
  ])('docker status %j', (status, want) => {
    expect(parseDockerStatus(status)).toEqual({ exitCode: undefined, health: undefined, ...want });
  });

  it('components from labels or names', () => {
    expect(componentOf({ 'app.kubernetes.io/name': 'datachain-studio-backend' })).toBe('backend');
    expect(
      componentOf({
        'app.kubernetes.io/component': 'primary',
        'app.kubernetes.io/name': 'postgresql',
      }),
    ).toBe('database');
    expect(
      componentOf({
        'app.kubernetes.io/component': 'controller',
        'app.kubernetes.io/name': 'ingress-nginx',
      }),
    ).toBe('ingress-controller');
    expect(componentOf({}, 'datachain-studio-worker')).toBe('worker');
    expect(componentOf({}, 'datachain-studio-redis')).toBe('redis');
    expect(componentOf({}, 'velero')).toBe('velero');
  });

  it('image references', () => {
    expect(imageTag('registry:5000/studio-backend:v2.14.0')).toBe('v2.14.0');
    expect(imageRepository('registry:5000/studio-backend:v2.14.0')).toBe(
      'registry:5000/studio-backend',
    );
    expect(imageTag('busybox')).toBe('latest');
    expect(imageTag('busybox@sha256:abc')).toBe('sha256:abc');
    expect(imageTag('registry.datachain.ai/studio-backend:v2.14.0@sha256:abc')).toBe('v2.14.0');
    expect(imageRepository('registry.datachain.ai/studio-backend:v2.14.0@sha256:abc')).toBe(
      'registry.datachain.ai/studio-backend',
    );
  });

  it('nginx times, error and access log', () => {
    expect(nginxTime('2026/11/25 12:16:20 [error] 31#31: *1 connect() failed')).toBe(
      '2026-11-25T12:16:20Z',
    );
    expect(nginxTime('127.0.0.1 - - [25/Nov/2026:12:16:20 +0100] "GET / HTTP/1.1" 502')).toBe(
      '2026-11-25T11:16:20Z',
    );
  });

  it('SANs cover hosts, wildcards one label deep', () => {
    expect(sanCovers(['DNS:studio.example.com'], 'studio.example.com')).toBe(true);
    expect(sanCovers(['DNS:*.example.com'], 'studio.example.com')).toBe(true);
    expect(sanCovers(['DNS:*.example.com'], 'a.studio.example.com')).toBe(false);
    expect(sanCovers(['DNS:other.example.com'], 'studio.example.com')).toBe(false);
  });
});
