import type { Clock } from './clock.js';

/**
 * Log text for scenarios. Every line is text real software prints; only times, addresses,
 * names and pids are filled in. Where each comes from:
 *
 * - gunicorn: format "%(asctime)s [%(process)d] [%(levelname)s] %(message)s" with datefmt
 *   "[%Y-%m-%d %H:%M:%S %z]" (gunicorn/glogging.py, Logger.error_fmt/datefmt); messages from
 *   gunicorn/arbiter.py: "Starting gunicorn %s", "Listening at: %s (%s)", "Using worker: %s",
 *   "Booting worker with pid: %s", "Worker (pid:%s) exited with code %s", "Shutting down: %s",
 *   "Reason: %s" with "Worker failed to boot.", "Exception in worker process";
 *   gunicorn/workers/base.py "Worker exiting (pid: %s)".
 * - libpq (what psycopg2.OperationalError carries): src/interfaces/libpq/fe-connect.c
 *   "connection to server at \"%s\" (%s), port %s failed: " + "Connection refused\n\tIs the
 *   server running on that host and accepting TCP/IP connections?"; the same text was printed
 *   here by psql 15 (`psql -h 127.0.0.1 -p 1` → 'connection to server at "127.0.0.1", port 1
 *   failed: Connection refused').
 * - PostgreSQL 15.18 startup lines: printed here by `postgres -D ... -p 54329` after initdb.
 * - nginx 1.22.1 error and access log lines: printed here by nginx proxying to a closed port
 *   and answering 502 to curl.
 * - Celery: worker_log_format "[%(asctime)s: %(levelname)s/%(processName)s] %(message)s"
 *   (celery/app/defaults.py), "Connected to %s" (celery/worker/consumer/connection.py) and
 *   "%s ready." with the node name celery@<host> (celery/apps/worker.py).
 */

export function lines(...parts: string[]): string {
  return parts.map((p) => `${p}\n`).join('');
}

/** gunicorn master start, then one line per booted worker. */
export function gunicornBoot(clock: Clock, at: number, workers: number[], port = 8000): string[] {
  const t = clock.gunicorn(at);
  return [
    `${t} [1] [INFO] Starting gunicorn 21.2.0`,
    `${t} [1] [INFO] Listening at: http://0.0.0.0:${port} (1)`,
    `${t} [1] [INFO] Using worker: sync`,
    ...workers.map((pid) => `${t} [${pid}] [INFO] Booting worker with pid: ${pid}`),
  ];
}

/** libpq's refusal, as psycopg2.OperationalError prints it. */
export function libpqRefused(host: string, address: string, port = 5432): string[] {
  return [
    `psycopg2.OperationalError: connection to server at "${host}" (${address}), port ${port} failed: Connection refused`,
    '\tIs the server running on that host and accepting TCP/IP connections?',
  ];
}

/** A gunicorn worker that cannot boot, and the master giving up. */
export function gunicornBootFailure(
  clock: Clock,
  at: number,
  pid: number,
  error: string[],
): string[] {
  const t = clock.gunicorn(at);
  return [
    `${t} [${pid}] [ERROR] Exception in worker process`,
    ...error,
    `${t} [${pid}] [INFO] Worker exiting (pid: ${pid})`,
    `${t} [1] [ERROR] Worker (pid:${pid}) exited with code 3`,
    `${t} [1] [ERROR] Shutting down: Master`,
    `${t} [1] [ERROR] Reason: Worker failed to boot.`,
  ];
}

export function postgresBoot(clock: Clock, at: number, pid = 1): string[] {
  const t = clock.postgres(at);
  return [
    `${t} [${pid}] LOG:  starting PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit`,
    `${t} [${pid}] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
    `${t} [${pid}] LOG:  listening on Unix socket "/var/run/postgresql/.s.PGSQL.5432"`,
    `${t} [${pid + 27}] LOG:  database system was shut down at ${clock
      .ago(at + 5)
      .replace('T', ' ')
      .replace('Z', ' UTC')}`,
    `${t} [${pid}] LOG:  database system is ready to accept connections`,
  ];
}

export interface NginxRequest {
  client: string;
  server: string;
  request: string;
  upstream: string;
  host: string;
  status: number;
  bytes: number;
  agent: string;
}

/** nginx's error_log line for a refused upstream connection. */
export function nginxUpstreamRefused(
  clock: Clock,
  at: number,
  pid: number,
  conn: number,
  r: NginxRequest,
): string {
  return `${clock.nginxError(at)} [error] ${pid}#${pid}: *${conn} connect() failed (111: Connection refused) while connecting to upstream, client: ${r.client}, server: ${r.server}, request: "${r.request}", upstream: "${r.upstream}", host: "${r.host}"`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** nginx's default "combined" access_log line. */
export function nginxAccess(clock: Clock, at: number, r: NginxRequest): string {
  const d = new Date(clock.now.getTime() - at * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
  return `${r.client} - - [${stamp}] "${r.request}" ${r.status} ${r.bytes} "-" "${r.agent}"`;
}

/** Celery worker start against its Redis broker. */
export function celeryReady(clock: Clock, at: number, host: string, broker: string): string[] {
  const t = `[${clock.ago(at).replace('T', ' ').replace('Z', '')},000`;
  return [
    `${t}: INFO/MainProcess] Connected to ${broker}`,
    `${t}: INFO/MainProcess] celery@${host} ready.`,
  ];
}
