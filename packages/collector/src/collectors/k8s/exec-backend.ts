import type { Collector } from '../../bundle/index.js';
import type { KubeObject } from '../../k8s/client.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { firstReady, runChecks, type CheckCommand } from './exec-check.js';
import { backendPods, healthPort } from './health-probes.js';

/** The guide's database check, verbatim: what support engineers ask customers to paste. */
export const guideDatabaseCheck = `
import os
import psycopg2
try:
    conn = psycopg2.connect(os.environ['DATABASE_URL'])
    print('Database connection: OK')
except Exception as e:
    print(f'Database connection failed: {e}')
`;

/** The guide's Redis check, verbatim. */
export const guideRedisCheck = `
import redis
import os
try:
    r = redis.from_url(os.environ.get('REDIS_URL', 'redis://localhost:6379'))
    r.ping()
    print('Redis connection: OK')
except Exception as e:
    print(f'Redis connection failed: {e}')
`;

/** What runs in the backend pod, in order (docs/collecting.md lists them). */
export const backendChecks: readonly CheckCommand[] = [
  {
    id: 'database',
    check: 'database',
    argv: ['python', '-c', guideDatabaseCheck],
    fallback: ['python3', '-c', guideDatabaseCheck],
  },
  {
    id: 'redis',
    check: 'redis',
    argv: ['python', '-c', guideRedisCheck],
    fallback: ['python3', '-c', guideRedisCheck],
  },
  {
    id: 'health',
    check: 'health',
    argv: ['curl', '-sf', '-m', '5', `http://localhost:${healthPort}/health`],
  },
  { id: 'env', check: 'env', argv: ['env'], env: true },
];

/** The container serving port 8000, else the first. */
export function backendContainer(pod: KubeObject): string {
  const containers =
    ((pod.spec ?? {}) as { containers?: { name: string; ports?: { containerPort?: number }[] }[] })
      .containers ?? [];
  const serving = containers.find((c) =>
    (c.ports ?? []).some((p) => p.containerPort === healthPort),
  );
  return (serving ?? containers[0])?.name ?? '';
}

/**
 * --exec-checks, in one Ready backend pod: the guide's database and Redis checks (python,
 * else python3), the backend's own /health with curl, and `env` (names kept, values
 * redacted). They run commands in the customer's pod, so they run only when asked for.
 */
export const execBackend: Collector<K8sEnv> = {
  id: 'exec-backend',
  description: 'with --exec-checks: database, Redis, /health and env checks inside a backend pod',
  async collect(ctx) {
    const { options } = ctx.env;
    if (!options.execChecks) {
      ctx.skip('--exec-checks not given');
      return;
    }
    let pods: KubeObject[];
    try {
      pods = (await ctx.env.list('pods', options.namespace)).items;
    } catch (error) {
      ctx.error(
        errorRecord(error, { resource: 'pods' }, 'no in-pod checks: listing pods failed: '),
      );
      return;
    }
    const pod = firstReady(backendPods(pods));
    if (!pod) {
      ctx.skip(`no Ready backend pod in ${options.namespace} to run the checks in`);
      return;
    }
    const target = {
      namespace: options.namespace,
      pod: pod.metadata?.name ?? '',
      container: backendContainer(pod),
    };
    await runChecks(ctx, target, backendChecks);
  },
};
