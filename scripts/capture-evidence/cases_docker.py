"""The real Docker CLI (28.2.2): no daemon, a socket it may not use, and `docker ps -a` tables.

There is no Docker daemon here. The CLI's own failures are genuine. For `docker ps -a` the CLI
talks to a minimal stand-in of the Engine API on /run/docker.sock that returns container
records; the CLI computes CREATED and lays out the table itself. The STATUS strings are the
daemon's, composed exactly as moby v28.2.2 container/state.go `State.String()` and
container/health.go `Health.String()` do (units.HumanDuration), with the durations named in
each case. Each docker invocation runs in a nested mount namespace where /run is a temp dir,
so the CLI uses its real default socket path without touching the machine's /run.
"""

import hashlib
import http.server
import json
import os
import socketserver
import subprocess
import time

from evidence_lib import Capture, run

API_VERSION = '1.50'  # the newest API version docker CLI 28.2.2 speaks
FIELDS = [('containerId', r'^([0-9a-f]{12}) ')]


class UnixHTTPServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def engine_api(containers):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):  # silence; client_address is '' on a unix socket
            pass

        def reply(self, body, content_type='application/json'):
            data = body.encode()
            self.send_response(200)
            self.send_header('Api-Version', API_VERSION)
            self.send_header('Ostype', 'linux')
            self.send_header('Content-Type', content_type)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            if self.command != 'HEAD':
                self.wfile.write(data)

        def do_HEAD(self):
            self.reply('OK', 'text/plain; charset=utf-8')

        def do_GET(self):
            if self.path.startswith('/_ping'):
                self.reply('OK', 'text/plain; charset=utf-8')
            elif '/containers/json' in self.path:
                self.reply(json.dumps(containers))
            else:
                self.send_error(404)

    return Handler


def container(case, name, image, command, created_ago_s, state, status, ports):
    ident = hashlib.sha256(f'{case}/{name}'.encode()).hexdigest()  # stable ids: no churn on rerun
    if state != 'running':
        ports = []  # the daemon lists no port bindings for a container that is not running
    return {
        'Id': ident,
        'Names': [f'/{name}'],
        'Image': image,
        'ImageID': 'sha256:' + hashlib.sha256(image.encode()).hexdigest(),
        'Command': command,
        'Created': int(time.time()) - created_ago_s,
        'Ports': [{'IP': '0.0.0.0', 'PrivatePort': p, 'PublicPort': p, 'Type': 'tcp'} for p in ports],
        'Labels': {},
        'State': state,
        'Status': status,
        'HostConfig': {'NetworkMode': 'bridge'},
        'NetworkSettings': {'Networks': {}},
        'Mounts': [],
    }


def studio_containers(case, backend_state, backend_status):
    """The containers of a Studio VM; only the backend's state varies between cases."""
    up = 'Up 2 hours'  # State.String(): "Up " + HumanDuration(2h)
    registry = 'registry.datachain.ai'
    return [
        container(case, 'datachain-studio-worker', f'{registry}/studio-backend:v2.4.1',
                  'celery -A studio worker', 7260, 'running', up, []),
        container(case, 'datachain-studio-frontend', f'{registry}/studio-frontend:v2.4.1',
                  "/docker-entrypoint.sh nginx -g 'daemon off;'", 7260, 'running', up, [3000]),
        container(case, 'datachain-studio-backend', f'{registry}/studio-backend:v2.4.1',
                  'gunicorn --bind 0.0.0.0:8000 studio.wsgi', 7260, backend_state, backend_status, [8000]),
        container(case, 'datachain-studio-redis', 'redis:7.0', 'docker-entrypoint.sh redis-server', 7300,
                  'running', 'Up 2 hours (healthy)', [6379]),
        container(case, 'datachain-studio-postgres', 'postgres:15', 'docker-entrypoint.sh postgres', 7300,
                  'running', 'Up 2 hours (healthy)', [5432]),
    ]


# (key, backend State, backend Status as State.String() renders it, setup)
PS_CASES = [
    ('healthy', 'running', 'Up 2 hours (healthy)', 'every container running, health checks passing'),
    ('backendExited', 'exited', 'Exited (1) 3 minutes ago',
     'backend exited with code 1 three minutes ago (no restart policy)'),
    ('backendRestarting', 'restarting', 'Restarting (1) 5 seconds ago',
     'backend in a restart loop (restart policy always), last exit code 1 five seconds ago'),
    ('backendUnhealthy', 'running', 'Up 2 hours (unhealthy)', 'backend running, its health check failing'),
    ('backendOomKilled', 'exited', 'Exited (137) 10 minutes ago',
     'backend killed by SIGKILL (exit code 137, as after an OOM kill) ten minutes ago'),
]


def capture(rec):
    version = run(['docker', '--version']).stdout.strip()

    def docker(cap, args, user=None):
        """docker ARGS in a nested mount namespace whose /run is the capture's run/ directory."""
        as_user = f'runuser -u {user} -- ' if user else ''
        script = f'mount --bind {cap.path("run")} /run && exec {as_user}docker "$@"'
        env = {'PATH': '/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOME': cap.path('home')}
        return run(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'docker'] + args,
                   env=env, stderr=subprocess.STDOUT)

    def add(key, text, command, setup):
        rec.add('dockerCli', key, text.rstrip('\n'), program='docker', version=version, command=command,
                setup=setup, fields=FIELDS)

    with Capture('docker') as cap:
        os.makedirs(cap.path('run'))
        os.makedirs(cap.path('home'))
        out = docker(cap, ['ps', '-a'])
        add('daemonDown', out.stdout, 'docker ps -a', 'no daemon listening on /var/run/docker.sock')

        for key, state, status, setup in PS_CASES:
            server = UnixHTTPServer(cap.path('run/docker.sock'), engine_api(studio_containers(key, state, status)))
            os.chmod(cap.path('run/docker.sock'), 0o660)
            cap.thread(lambda stop, s=server: s.serve_forever(poll_interval=0.1))
            try:
                if key == 'healthy':
                    out = docker(cap, ['ps', '-a'], user='nobody')
                    add('permissionDenied', out.stdout, 'docker ps -a (as a user outside the docker group)',
                        'the daemon socket exists but is root:root 0660')
                out = docker(cap, ['ps', '-a'])
                rec.add('dockerPs', key, out.stdout.rstrip('\n'), program='docker', version=version,
                        command='docker ps -a', fields=FIELDS,
                        setup=setup + '; STATUS strings composed as moby v28.2.2 State.String() '
                        '(45873be4ae3f5488c9498b3d9f17deaddaf609f4, container/state.go)')
            finally:
                server.shutdown()
                server.server_close()
                os.remove(cap.path('run/docker.sock'))
