"""Redis 7.0 and redis-py 4.3: connection, timeout and authentication failures.

Each fault is recorded as the guide's check prints it ("Redis connection failed: ...") and as
the last line of the uncaught redis-py traceback; redis-cli and the server's own log where they
say something.
"""

import os
import subprocess

import redis

from evidence_lib import (
    PY,
    Capture,
    SystemDns,
    free_port,
    package_version,
    redis_py_version,
    redis_server_version,
    run,
    start_blackhole,
    start_full_backlog,
)

# The guide's check, verbatim (../shared/seed/studio-502-guide.md, "Redis Connection Issues").
GUIDE_CHECK = """
import redis
import os
try:
    r = redis.from_url(os.environ.get('REDIS_URL', 'redis://localhost:6379'))
    r.ping()
    print('Redis connection: OK')
except Exception as e:
    print(f'Redis connection failed: {e}')
"""
UNCAUGHT = "import os, redis; redis.from_url(os.environ['REDIS_URL']).ping()"

CLIENT_FIELDS = [
    ('host', r'connecting to ([^:\s]+):\d+\.'),
    ('port', r'connecting to [^:\s]+:(\d+)\.'),
    ('address', r'at ([0-9.]+):\d+: '),
    ('port', r'at [0-9.]+:(\d+): '),
]
SERVER_FIELDS = [
    ('pid', r'^(\d+):[CM] '),
    ('time', r'^\d+:[CM] (\d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3}) '),
    ('pid', r'pid=(\d+),'),
    ('port', r'Running mode=standalone, port=(\d+)\.'),
]


def capture(rec):
    server_pkg = redis_server_version()
    client_pkg = redis_py_version()
    cli_pkg = f'redis-cli (Debian redis-tools {package_version("redis-tools")})'
    applies = 'redis-py 4.x to 5.0 wording (captured with 4.3.4)'

    with Capture('redis') as cap:
        port, open_port = free_port(), free_port()
        common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no',
                  '--dir', cap.dir]
        cap.start(['redis-server', '--port', str(port), '--requirepass', 'redis-password'] + common,
                  'redis.log')
        cap.start(['redis-server', '--port', str(open_port)] + common, 'redis-open.log')
        cap.wait_log('redis.log', 'Ready to accept connections')
        cap.wait_log('redis-open.log', 'Ready to accept connections')
        rec.add('redisServer', 'started', cap.read('redis.log').strip(), program='redis-server',
                version=server_pkg, command='redis-server --port PORT --requirepass ***',
                setup='a fresh server starting (foreground, log on stdout)', fields=SERVER_FIELDS)

        def client(key, redis_url, setup):
            env = dict(os.environ, REDIS_URL=redis_url, PYTHONDONTWRITEBYTECODE='1')
            guide = run([PY, '-c', GUIDE_CHECK], env=env)
            rec.add('guideRedisCheck', key, guide.stdout.rstrip('\n'), program='python3 + redis-py',
                    version=client_pkg, command='python -c "<the guide\'s redis-py check>" with REDIS_URL set',
                    setup=setup, fields=CLIENT_FIELDS, applies_to=applies)
            if key == 'ok':
                return
            raw = run([PY, '-c', UNCAUGHT], env=env).stderr.rstrip('\n')
            last = raw.splitlines()[-1]
            rec.add('redisPy', key, last, program='python3 + redis-py', version=client_pkg,
                    command=f'python -c "{UNCAUGHT}" (last line of the traceback)', setup=setup,
                    fields=CLIENT_FIELDS, applies_to=applies)

        def cli(key, args, setup):
            out = run(['redis-cli', '--no-raw'] + args + ['ping'], stderr=subprocess.STDOUT)
            rec.add('redisCli', key, out.stdout.strip(), program='redis-cli', version=cli_pkg,
                    command='redis-cli --no-raw ' + ' '.join('***' if a.startswith('wrong') else a for a in args)
                    + ' ping', setup=setup, fields=CLIENT_FIELDS)

        client('ok', f'redis://:redis-password@127.0.0.1:{port}/0', 'correct password, server up')
        dead = free_port()
        client('connectionRefused', f'redis://127.0.0.1:{dead}/0', 'nothing listens on the port')
        client('connectionRefusedHostName', f'redis://localhost:{dead}/0',
               'nothing listens on the port (host name localhost)')
        with SystemDns(rcode=3):
            client('hostNameNotKnown', 'redis://datachain-studio-redis:6379/0',
                   'DNS answers NXDOMAIN for the Redis host')
        client('hostNameTemporaryFailure', 'redis://datachain-studio-redis:6379/0',
               'no DNS server reachable (cluster DNS down)')
        client('connectTimeout', f'redis://127.0.0.1:{start_full_backlog(cap)}/0?socket_connect_timeout=2',
               'SYNs dropped (full accept queue, as behind a dropping firewall); socket_connect_timeout=2')
        client('readTimeout', f'redis://127.0.0.1:{start_blackhole(cap)}/0?socket_timeout=2',
               'a peer that accepts TCP and never answers; socket_timeout=2')
        client('noAuth', f'redis://127.0.0.1:{port}/0', 'server with requirepass, URL without a password')
        client('wrongPass', f'redis://:wrong-password@127.0.0.1:{port}/0', 'URL with a wrong password')
        client('authWithoutPasswordConfigured', f'redis://:redis-password@127.0.0.1:{open_port}/0',
               'URL with a password, server without requirepass')

        # maxclients reached: a server that accepts one client, held by a connection of ours.
        full = free_port()
        cap.start(['redis-server', '--port', str(full), '--maxclients', '1'] + common, 'redis-full.log')
        cap.wait_log('redis-full.log', 'Ready to accept connections')
        holder = redis.Redis(host='127.0.0.1', port=full, socket_timeout=5)
        holder.ping()
        client('maxClients', f'redis://127.0.0.1:{full}/0', 'server started with --maxclients 1, one client connected')
        holder.close()

        cli('noAuth', ['-h', '127.0.0.1', '-p', str(port)], 'server with requirepass, no password given')
        cli('wrongPass', ['-h', '127.0.0.1', '-p', str(port), '-a', 'wrong-password'], 'a wrong password')
        cli('connectionRefused', ['-h', '127.0.0.1', '-p', str(dead)], 'nothing listens on the port')
