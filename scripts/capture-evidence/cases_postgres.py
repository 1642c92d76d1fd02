"""PostgreSQL 15 and its clients: psycopg2 (libpq 15), SQLAlchemy 1.4, and the server's log.

For every fault we record three views of the same failure: what the guide's connectivity check
prints ("Database connection failed: ..."), the uncaught psycopg2 traceback an application
log shows, and the tail of SQLAlchemy's traceback (from `sqlalchemy.exc.OperationalError:`).
"""

import os
import pwd

import psycopg2

from evidence_lib import (
    PY,
    Capture,
    SystemDns,
    exception_tail,
    free_port,
    new_lines,
    package_version,
    postgres_version,
    psycopg2_version,
    run,
    start_blackhole,
    wait_for,
)

# The guide's check, verbatim (../shared/seed/studio-502-guide.md, "Database Connection Issues").
GUIDE_CHECK = """
import os
import psycopg2
try:
    conn = psycopg2.connect(os.environ['DATABASE_URL'])
    print('Database connection: OK')
except Exception as e:
    print(f'Database connection failed: {e}')
"""
UNCAUGHT = "import os, psycopg2; psycopg2.connect(os.environ['DATABASE_URL'])"
SQLALCHEMY = "import os, sqlalchemy; sqlalchemy.create_engine(os.environ['DATABASE_URL']).connect()"

CLIENT_FIELDS = [
    ('host', r'server at "([^"]+)"'),
    ('address', r'server at "[^"]+" \(([0-9a-f.:]+)\)'),
    ('port', r', port (\d+) failed'),
    ('user', r'for user "([^"]+)"'),
    ('hostName', r'translate host name "([^"]+)"'),
    ('database', r'database "([^"]+)" does not exist'),
]
SERVER_FIELDS = [
    ('time', r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \w+) \['),
    ('pid', r'^\S+ \S+ \S+ \[(\d+)\]'),
    ('user', r'for user "([^"]+)"'),
    ('database', r'database "([^"]+)" does not exist'),
    ('port', r'port (\d+)$'),
    ('address', r'address "([0-9.]+)"'),
    ('socket', r'Unix socket "([^"]+)"'),
    ('build', r'(on x86_64.*), 64-bit$'),
    ('hbaLine', r'pg_hba.conf line (\d+):'),
    ('workerPid', r'\(PID (\d+)\)'),
    ('shutdownTime', r'was shut down at (.+)$'),
]


def capture(rec):
    pg_pkg = postgres_version()
    client_pkg = psycopg2_version()
    libpq = psycopg2.extensions.libpq_version()
    sqlalchemy_pkg = f'SQLAlchemy {package_version("python3-sqlalchemy")} (Debian) with ' + client_pkg
    applies = f'libpq 14–16 wording (captured with libpq {libpq // 10000})'

    with Capture('postgres') as cap:
        pg = pwd.getpwnam('postgres')
        data, sock = cap.path('data'), cap.path('sock')
        for d in (data, sock):
            os.makedirs(d)
            os.chown(d, pg.pw_uid, pg.pw_gid)
        cap.write('pw', 'postgres-password\n')
        as_pg = ['runuser', '-u', 'postgres', '--']
        run(as_pg + ['/usr/lib/postgresql/15/bin/initdb', '-D', data, '-U', 'postgres', '--no-locale',
                     '-E', 'UTF8', '--auth-local=trust', '--auth-host=scram-sha-256',
                     f'--pwfile={cap.path("pw")}'], check=True, deadline_s=120)
        port = free_port()
        cap.start(as_pg + ['/usr/lib/postgresql/15/bin/postgres', '-D', data, '-c', f'port={port}',
                           '-c', 'listen_addresses=127.0.0.1', '-c', f'unix_socket_directories={sock}',
                           '-c', 'max_connections=5', '-c', 'superuser_reserved_connections=2'],
                  'postgres.log')
        offsets = {}
        cap.wait_log('postgres.log', 'ready to accept connections')
        rec.add('postgresServer', 'started', new_lines(cap, 'postgres.log', offsets).strip(),
                program='postgres', version=pg_pkg, command='postgres -D DATA -c port=PORT',
                setup='a fresh cluster starting', fields=SERVER_FIELDS)
        run(as_pg + ['/usr/lib/postgresql/15/bin/psql', '-h', sock, '-p', str(port), '-U', 'postgres',
                     '-v', 'ON_ERROR_STOP=1', '-c', "CREATE ROLE studio LOGIN PASSWORD 'studio-password'",
                     '-c', 'CREATE DATABASE studio OWNER studio'], check=True)
        new_lines(cap, 'postgres.log', offsets)

        def url(password='studio-password', host='127.0.0.1', p=port, db='studio', query=''):
            return f'postgresql://studio:{password}@{host}:{p}/{db}{query}'

        def client(key, database_url, setup, *, sqlalchemy=True, server_log=None):
            env = dict(os.environ, DATABASE_URL=database_url, PYTHONDONTWRITEBYTECODE='1')
            guide = run([PY, '-c', GUIDE_CHECK], env=env)
            rec.add('guideDatabaseCheck', key, guide.stdout.rstrip('\n'), program='python3 + psycopg2',
                    version=client_pkg, command='python -c "<the guide\'s psycopg2 check>" with DATABASE_URL set',
                    setup=setup, fields=CLIENT_FIELDS, applies_to=applies)
            if server_log:  # the server's side of that one attempt
                text = wait_for(lambda: new_lines(cap, 'postgres.log', offsets), f'postgres log for {key}')
                rec.add('postgresServer', server_log, text.strip(), program='postgres', version=pg_pkg,
                        command='postgres (log on stderr, default log_line_prefix)', setup=setup,
                        fields=SERVER_FIELDS)
            if key == 'ok':
                return
            raw = run([PY, '-c', UNCAUGHT], env=env)
            rec.add('psycopg2', key, raw.stderr.rstrip('\n'), program='python3 + psycopg2', version=client_pkg,
                    command=f'python -c "{UNCAUGHT}"', setup=setup, fields=CLIENT_FIELDS, applies_to=applies)
            if sqlalchemy:
                sa = run([PY, '-c', SQLALCHEMY], env=env).stderr
                tail = exception_tail(sa, 'sqlalchemy.exc.')
                rec.add('sqlalchemy', key, tail, program='python3 + SQLAlchemy', version=sqlalchemy_pkg,
                        command=f'python -c "{SQLALCHEMY}" (last lines of the traceback)', setup=setup,
                        fields=CLIENT_FIELDS, applies_to='SQLAlchemy 1.4 (error link /e/14/)')
            # PostgreSQL logs a FATAL before sending it to the client, so the other two
            # attempts' (identical) lines are already in the log: drop them.
            new_lines(cap, 'postgres.log', offsets)

        client('ok', url(), 'correct credentials, server up', sqlalchemy=False)
        unset = run([PY, '-c', GUIDE_CHECK], env={k: v for k, v in os.environ.items() if k != 'DATABASE_URL'})
        rec.add('guideDatabaseCheck', 'databaseUrlUnset', unset.stdout.rstrip('\n'), program='python3 + psycopg2',
                version=client_pkg, command='python -c "<the guide\'s psycopg2 check>" without DATABASE_URL',
                setup='DATABASE_URL missing from the environment: the KeyError lands in the except clause')
        client('passwordAuthFailed', url(password='wrong-password'), 'DATABASE_URL with a wrong password',
               server_log='passwordAuthFailed')
        client('databaseDoesNotExist', url(db='studio_missing'), 'DATABASE_URL naming a missing database',
               sqlalchemy=False, server_log='databaseDoesNotExist')
        dead = free_port()
        client('connectionRefused', url(p=dead), 'nothing listens on the port (127.0.0.1)')
        client('connectionRefusedHostName', url(host='localhost', p=dead),
               'nothing listens on the port (host name localhost)', sqlalchemy=False)
        client('timeoutExpired', url(p=start_blackhole(cap), query='?connect_timeout=2'),
               'a peer that accepts TCP and never answers; connect_timeout=2')
        with SystemDns(rcode=3):
            client('hostNameNotKnown', url(host='datachain-studio-postgres'),
                   'DNS answers NXDOMAIN for the database host')
        client('hostNameTemporaryFailure', url(host='datachain-studio-postgres'),
               'no DNS server reachable (cluster DNS down)', sqlalchemy=False)

        # max_connections=5, superuser_reserved_connections=2: three app connections fill the
        # non-reserved slots, two superuser connections fill the rest.
        held = [psycopg2.connect(url()) for _ in range(3)]
        client('reservedSlots', url(), 'max_connections=5 with 2 reserved; 3 app connections open',
               server_log='reservedSlots')
        held += [psycopg2.connect(host=sock, port=port, user='postgres', dbname='postgres') for _ in range(2)]
        client('tooManyClients', url(), 'max_connections=5, all 5 connections open',
               server_log='tooManyClients')
        for conn in held:
            conn.close()

        # The server stopping under an open connection (a restart or a crash of the database pod).
        victim = psycopg2.connect(url())
        run(as_pg + ['/usr/lib/postgresql/15/bin/pg_ctl', '-D', data, '-m', 'fast', '-w', 'stop'], check=True)
        try:
            victim.cursor().execute('SELECT 1')
            raise RuntimeError('query on a stopped server succeeded')
        except psycopg2.OperationalError as e:
            text = f'psycopg2.OperationalError: {e}'.rstrip('\n')
        rec.add('psycopg2', 'serverClosedConnection', text, program='python3 + psycopg2', version=client_pkg,
                command='cursor.execute("SELECT 1") on a connection opened before `pg_ctl stop -m fast`',
                setup='the server shuts down under an open connection', fields=CLIENT_FIELDS,
                applies_to=applies)
        victim.close()
        rec.add('postgresServer', 'fastShutdown', new_lines(cap, 'postgres.log', offsets).strip(),
                program='postgres', version=pg_pkg, command='pg_ctl -m fast stop',
                setup='a fast shutdown with a client connected', fields=SERVER_FIELDS)
