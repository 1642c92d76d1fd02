"""A full filesystem under PostgreSQL and Redis: df, dd, the servers' logs and their clients.

run.sh's private mount namespace lets us mount a small tmpfs over /var/lib/postgresql for the
length of this case (the machine's own directory is untouched outside the namespace).
"""

import os
import pwd
import subprocess

import redis

from evidence_lib import (
    PY,
    Capture,
    exception_tail,
    free_port,
    new_lines,
    package_version,
    postgres_version,
    psycopg2_version,
    redis_py_version,
    redis_server_version,
    run,
    wait_for,
)

MOUNT = '/var/lib/postgresql'
FIELDS = [
    ('time', r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \w+) \['),
    ('pid', r'^\S+ \S+ \S+ \[(\d+)\]'),
    ('pid', r'^(\d+):[CM] '),
    ('time', r'^\d+:[CM] (\d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3}) '),
    ('childPid', r'started by pid (\d+)$'),
    ('relation', r'could not extend file "([^"]+)"'),
    ('walFile', r'could not write to file "(pg_wal/[^"]+)"'),
    ('filesystem', r'^(\S+)\s+\S+\s+\S+\s+0 100% '),
]


def capture(rec):
    if os.environ.get('EVIDENCE_ISOLATED') != '1':
        raise RuntimeError('the disk case mounts a tmpfs: run it through run.sh (private mount namespace)')
    coreutils = f'GNU coreutils {package_version("coreutils")} (Debian)'
    pg_pkg = postgres_version()
    client_pkg = psycopg2_version()
    redis_pkg = redis_server_version()
    redis_py = redis_py_version()

    run(['mount', '-t', 'tmpfs', '-o', 'size=48m,mode=0755', 'tmpfs', MOUNT], check=True)
    try:
        with Capture('disk') as cap:
            pg = pwd.getpwnam('postgres')
            data, sock = os.path.join(MOUNT, '15', 'main'), cap.path('sock')
            os.makedirs(data)
            os.makedirs(sock)
            for d in (os.path.join(MOUNT, '15'), data, sock):
                os.chown(d, pg.pw_uid, pg.pw_gid)
            as_pg = ['runuser', '-u', 'postgres', '--']
            run(as_pg + ['/usr/lib/postgresql/15/bin/initdb', '-D', data, '-U', 'postgres', '--no-locale',
                         '--auth=trust'], check=True, deadline_s=120)
            port = free_port()
            cap.start(as_pg + ['/usr/lib/postgresql/15/bin/postgres', '-D', data, '-c', f'port={port}',
                               '-c', 'listen_addresses=127.0.0.1', '-c', f'unix_socket_directories={sock}'],
                      'postgres.log')
            cap.wait_log('postgres.log', 'ready to accept connections')
            offsets = {}
            new_lines(cap, 'postgres.log', offsets)

            # Fill the disk from the database, the way a growing table does.
            fill = ("import psycopg2; c = psycopg2.connect(host='127.0.0.1', port=%d, user='postgres'); "
                    "c.autocommit = True; cur = c.cursor(); cur.execute('CREATE TABLE events (payload text)'); "
                    "cur.execute(\"INSERT INTO events SELECT md5(g::text) || repeat('x', 2000) "
                    "FROM generate_series(1, 200000) g\")" % port)
            out = run([PY, '-c', fill], deadline_s=120)
            rec.add('psycopg2', 'diskFull', exception_tail(out.stderr, 'psycopg2.'), program='python3 + psycopg2', version=client_pkg,
                    command='cursor.execute("INSERT INTO events SELECT ...") (last lines of the traceback)',
                    setup=f'{MOUNT} is a 48 MB filesystem; the insert fills it', fields=FIELDS)
            server = wait_for(lambda: new_lines(cap, 'postgres.log', offsets), 'postgres disk-full log')
            rec.add('postgresServer', 'diskFull', server.strip(), program='postgres', version=pg_pkg,
                    command='postgres (log on stderr)', setup=f'an INSERT fills {MOUNT}', fields=FIELDS)

            dd = run(['dd', 'if=/dev/zero', f'of={MOUNT}/fill', 'bs=64k'])
            rec.add('disk', 'ddNoSpace', dd.stderr.strip().splitlines()[0], program='dd', version=coreutils,
                    command=f'dd if=/dev/zero of={MOUNT}/fill bs=64k (first line)',
                    setup='filling what the database left free', fields=FIELDS)
            df = run(['df', '-h', MOUNT])
            rec.add('disk', 'dfFull', df.stdout.strip(), program='df', version=coreutils, command=f'df -h {MOUNT}',
                    setup='the filesystem after the database and dd filled it', fields=FIELDS)
            py = run([PY, '-c', f"open('{MOUNT}/app.log', 'a').write('x' * 65536)"])
            rec.add('python', 'noSpaceLeft', py.stderr.strip().splitlines()[-1], program='python3',
                    version=run([PY, '--version']).stdout.strip() + ' (Debian /usr/bin/python3)',
                    command="python -c \"open(PATH, 'a').write('x' * 65536)\" (last line of the traceback)",
                    setup='writing to the full filesystem', fields=FIELDS)

            # Redis with RDB snapshots enabled and its directory on the full filesystem.
            redis_dir = os.path.join(MOUNT, 'redis')
            os.makedirs(redis_dir)
            rport = free_port()
            cap.start(['redis-server', '--port', str(rport), '--bind', '127.0.0.1', '--save', '3600 1',
                       '--dir', redis_dir, '--daemonize', 'no'], 'redis.log')
            cap.wait_log('redis.log', 'Ready to accept connections')
            new_lines(cap, 'redis.log', offsets)
            client = redis.Redis(host='127.0.0.1', port=rport, socket_timeout=5)
            client.set('studio:probe', '1')
            client.bgsave()
            log = wait_for(lambda: 'Background saving error' in cap.read('redis.log')
                           and new_lines(cap, 'redis.log', offsets), 'redis bgsave failure')
            rec.add('redisServer', 'bgsaveNoSpace', log.strip(), program='redis-server', version=redis_pkg,
                    command='BGSAVE with --dir on the full filesystem', setup='RDB snapshot on a full disk',
                    fields=FIELDS)
            set_cmd = f"import redis; redis.Redis(host='127.0.0.1', port={rport}).set('studio:probe', '2')"
            out = run([PY, '-c', set_cmd])
            rec.add('redisPy', 'misconf', out.stderr.strip().splitlines()[-1], program='python3 + redis-py',
                    version=redis_py, command="r.set('studio:probe', '2') (last line of the traceback)",
                    setup='a write after the failed background save (stop-writes-on-bgsave-error yes)',
                    fields=FIELDS)
            client.close()
    finally:
        subprocess.run(['umount', '-l', MOUNT], timeout=30, check=False)
