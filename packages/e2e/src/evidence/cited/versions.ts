// Wording of other versions of the programs captured here: older/newer libpq and PostgreSQL,
// redis-py ≥ 4.4, SQLAlchemy 2.0, gunicorn ≥ 21. Each is attached as a variant of the captured
// entry it corresponds to (see ../index.ts).
import { cite } from '../fill.js';
import type { captured } from '../captured.generated.js';
import type { EvidenceText } from '../types.js';

/** Variants may only be attached to entries the capture produced. */
type VariantsOf<C> = { [G in keyof C]?: { [K in keyof C[G]]?: readonly EvidenceText[] } };

const issue = (repo: string, n: number) => `https://github.com/${repo}/issues/${n}`;
// "Handle auth errors for newer versions of Redis" (first released in v4.4.0); the mapping is in
// redis/_parsers/base.py from v5.0.0 on (EXCEPTION_CLASSES, NO_AUTH_SET_ERROR).
const REDIS_PY_44 =
  'https://github.com/redis/redis-py/commit/bd0e8f26d8af5722a8b040bed6a75831bade81df';
const PG16_LIMITS =
  'https://github.com/postgres/postgres/blob/0ebd24255581837f9a5b189ef15147b769df116b/src/test/postmaster/t/002_connection_limits.pl';
const pg = { host: '127.0.0.1', port: '5432' };
const LIBPQ_CLIENT =
  'client wording composed from the libpq 15 form captured here ("connection to server at \\"%s\\", port %s failed: %s")';

export const versionVariants = {
  psycopg2: {
    connectionRefusedHostName: [
      cite(
        'psycopg2.OperationalError: could not connect to server: Connection refused\n\tIs the server running on host "{host}" ({address}) and accepting\n\tTCP/IP connections on port {port}?',
        { host: 'localhost', address: '127.0.0.1', port: '5432' },
        {
          url: issue('aphonsoar/Receita_Federal_do_Brasil_-_Dados_Publicos_CNPJ', 11),
          quote: 'issue',
          note: 'last lines of the traceback, verbatim',
          appliesTo: 'libpq ≤ 13',
        },
      ),
      cite(
        'psycopg2.OperationalError: connection to server at "{host}" ({address}), port {port} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\nconnection to server at "{host}" ({address6}), port {port} failed: Cannot assign requested address\n\tIs the server running on that host and accepting TCP/IP connections?',
        { host: 'localhost', address: '127.0.0.1', address6: '::1', port: '5432' },
        {
          url: issue('worldveil/dejavu', 306),
          quote: 'issue',
          note: 'a host name with an IPv4 and an IPv6 address: one line per address tried; the issue shows the tabs libpq prints (as captured here) as spaces',
          appliesTo: 'libpq ≥ 14',
        },
      ),
    ],
    reservedSlots: [
      cite(
        'psycopg2.OperationalError: connection to server at "{host}", port {port} failed: FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute',
        pg,
        {
          url: PG16_LIMITS,
          quote: 'source',
          note: `server message from the PostgreSQL test's expected stderr; ${LIBPQ_CLIENT}`,
          appliesTo: 'PostgreSQL ≥ 16 (superuser_reserved_connections)',
        },
      ),
      cite(
        'psycopg2.OperationalError: connection to server at "{host}", port {port} failed: FATAL:  remaining connection slots are reserved for roles with privileges of the "pg_use_reserved_connections" role',
        pg,
        {
          url: PG16_LIMITS,
          quote: 'source',
          note: `server message from the PostgreSQL test's expected stderr; ${LIBPQ_CLIENT}`,
          appliesTo: 'PostgreSQL ≥ 16 (reserved_connections)',
        },
      ),
    ],
  },
  postgresServer: {
    reservedSlots: [
      cite(
        '{time} [{pid}] FATAL:  remaining connection slots are reserved for roles with the SUPERUSER attribute',
        { time: '2026-11-25 12:06:10.530 UTC', pid: '22034' },
        {
          url: PG16_LIMITS,
          quote: 'source',
          note: 'message from the test; log_line_prefix "%m [%p] " as captured from PostgreSQL 15',
          appliesTo: 'PostgreSQL ≥ 16',
        },
      ),
    ],
  },
  guideDatabaseCheck: {
    connectionRefusedHostName: [
      cite(
        'Database connection failed: could not connect to server: Connection refused\n\tIs the server running on host "{host}" ({address}) and accepting\n\tTCP/IP connections on port {port}?',
        { host: 'localhost', address: '127.0.0.1', port: '5432' },
        {
          url: issue('aphonsoar/Receita_Federal_do_Brasil_-_Dados_Publicos_CNPJ', 11),
          quote: 'issue',
          note: "libpq ≤ 13 message in the guide check's print(f'Database connection failed: {e}')",
          appliesTo: 'libpq ≤ 13',
        },
      ),
    ],
  },
  sqlalchemy: {
    connectionRefused: [
      cite(
        'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "{host}", port {port} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n\n(Background on this error at: https://sqlalche.me/e/20/e3q8)',
        pg,
        {
          url: 'https://github.com/sqlalchemy/sqlalchemy/blob/ad2a65ef7e3cd57912c6c0373c8b843b8a1730eb/lib/sqlalchemy/exc.py#L59-L62',
          quote: 'source',
          note: 'the captured SQLAlchemy 1.4 text with the error link SQLAlchemy 2.0 prints ("/e/%s/%s" with the version token "20"); seen quoted in I-am-PUID-0/DUMB#86',
          appliesTo: 'SQLAlchemy 2.x',
        },
      ),
    ],
  },
  redisPy: {
    wrongPass: [
      cite(
        'redis.exceptions.AuthenticationError: invalid username-password pair or user is disabled.',
        {},
        {
          url: REDIS_PY_44,
          quote: 'source',
          note: 'WRONGPASS maps to AuthenticationError and the error code is stripped from the message',
          appliesTo: 'redis-py ≥ 4.4',
        },
      ),
      cite(
        'redis.exceptions.AuthenticationError: invalid password',
        {},
        {
          url: REDIS_PY_44,
          quote: 'source',
          note: 'a Redis server older than 6.0 answers "ERR invalid password", mapped to AuthenticationError',
          appliesTo: 'Redis server < 6.0',
        },
      ),
    ],
    authWithoutPasswordConfigured: [
      cite(
        'redis.exceptions.AuthenticationError: AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        {},
        {
          url: REDIS_PY_44,
          quote: 'source',
          note: 'NO_AUTH_SET_ERROR maps this reply to AuthenticationError',
          appliesTo: 'redis-py ≥ 4.4',
        },
      ),
      cite(
        'redis.exceptions.AuthenticationError: Client sent AUTH, but no password is set',
        {},
        {
          url: REDIS_PY_44,
          quote: 'source',
          note: 'NO_AUTH_SET_ERROR entry for Redis < 6.0',
          appliesTo: 'Redis server < 6.0',
        },
      ),
    ],
  },
  guideRedisCheck: {
    wrongPass: [
      cite(
        'Redis connection failed: invalid username-password pair or user is disabled.',
        {},
        {
          url: REDIS_PY_44,
          quote: 'source',
          note: "str() of the AuthenticationError in the guide check's print",
          appliesTo: 'redis-py ≥ 4.4',
        },
      ),
    ],
  },
  gunicorn: {
    workerKilled: [
      cite(
        '[{time}] [{pid}] [ERROR] Worker (pid:{workerPid}) was sent SIGKILL! Perhaps out of memory?',
        { time: '2026-11-25 12:07:55 +0000', pid: '23717', workerPid: '23718' },
        {
          url: 'https://github.com/benoitc/gunicorn/blob/ab9c8301cb9ae573ba597154ddeea16f0326fc15/gunicorn/arbiter.py#L548-L553',
          quote: 'source',
          note: 'reap_workers at 21.2.0; log line prefix as captured from gunicorn 20.1; message seen quoted in mwmbl/mwmbl#374',
          appliesTo: 'gunicorn ≥ 21.0',
        },
      ),
    ],
  },
} satisfies VariantsOf<typeof captured>;
