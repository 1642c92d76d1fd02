// Log text for benchmark scenarios, in the formats of the programs a Studio pod runs. Every
// line comes from the scenario builder's quoted formats (packages/e2e/src/scenario/logs.ts,
// whose header cites the source of each): nginx's "combined" access log and upstream error,
// gunicorn's arbiter lines, libpq's refusal, Celery's broker lines. Only times, addresses,
// paths, sizes and pids vary.
import { Clock, logText } from '@studio-support/e2e';

const paths = [
  'GET /api/health HTTP/1.1',
  'GET /api/teams/acme/projects?page=2 HTTP/1.1',
  'POST /api/datasets/query HTTP/1.1',
  'GET /static/js/main.4f1c2a.js HTTP/1.1',
  'GET /api/user HTTP/1.1',
  'GET /api/jobs/8123/logs?offset=4096 HTTP/1.1',
];
const agents = [
  'curl/7.88.1',
  'kube-probe/1.31',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'python-requests/2.32.3',
];

/** What each container of a bulk pod runs: its lines, one generator per program. */
export const programs = {
  /** nginx in front of the API: access lines, 1 in 50 a 502 with its upstream error. */
  proxy(clock, i) {
    const request = {
      client: `10.42.${i % 7}.${(i * 13) % 250}`,
      server: 'studio.example.com',
      request: paths[i % paths.length],
      upstream: 'http://10.43.12.7:8000/api/health',
      host: 'studio.example.com',
      status: i % 50 === 49 ? 502 : 200,
      bytes: 157 + ((i * 37) % 9000),
      agent: agents[i % agents.length],
    };
    const at = 86_400 - i;
    if (request.status === 502) {
      return [
        logText.nginxUpstreamRefused(clock, at, 29, i, request),
        logText.nginxAccess(clock, at, request),
      ];
    }
    return [logText.nginxAccess(clock, at, request)];
  },
  /** gunicorn: worker boots, and 1 in 40 a worker failing on a refused database. */
  api(clock, i) {
    const at = 86_400 - i;
    const pid = 7 + (i % 4000);
    if (i % 40 === 39) {
      return logText.gunicornBootFailure(
        clock,
        at,
        pid,
        logText.libpqRefused('datachain-studio-postgres', '10.43.3.21'),
      );
    }
    return logText.gunicornBoot(clock, at, [pid, pid + 1]);
  },
  /** Celery: connects to its broker and reports ready. */
  worker(clock, i) {
    return logText.celeryReady(
      clock,
      86_400 - i,
      `datachain-studio-worker-${i % 97}`,
      'redis://datachain-studio-redis:6379/0',
    );
  },
};

/** About `bytes` of one program's log, whole lines, times one second apart. */
export function logBlock(program, bytes, now = new Date()) {
  const clock = new Clock(now);
  const out = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    for (const line of programs[program](clock, i)) {
      out.push(line);
      size += Buffer.byteLength(line) + 1;
    }
  }
  return Buffer.from(`${out.join('\n')}\n`);
}
