"""The backend process itself: gunicorn 20.1 and uvicorn 0.17 starting, failing to boot,
losing a worker to SIGKILL, and Python's KeyError for a missing DATABASE_URL.

The app modules are in ./apps; their directory is replaced by {appDir} in the templates.
"""

import os
import signal

from evidence_lib import PY, Capture, free_port, package_version, run, wait_for, wait_port

APPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'apps')

FIELDS = [
    ('time', r'^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4})\]'),
    ('pid', r'^\[[^\]]+\] \[(\d+)\]'),
    ('address', r'Listening at: (http://[0-9.:]+) \('),
    ('pid', r'Listening at: \S+ \((\d+)\)'),
    ('workerPid', r'Booting worker with pid: (\d+)'),
    ('workerPid', r'Worker exiting \(pid: (\d+)\)'),
    ('workerPid', r'Worker with pid (\d+) was terminated'),
    ('appDir', r'File "(/\S+)/studio_\w+\.py"'),
    ('address', r"Connection in use: (\('[0-9.]+', \d+\))"),
    ('address', r"Can't connect to (\('[0-9.]+', \d+\))"),
    ('address', r'Uvicorn running on (http://[0-9.:]+) \('),
    ('pid', r'Started server process \[(\d+)\]'),
    ('pid', r'Finished server process \[(\d+)\]'),
    ('client', r'^(\S+) - - \['),
    ('accessTime', r' - - \[([^\]]+)\]'),
    ('userAgent', r'" \d{3} \d+ "-" "([^"]+)"$'),
]


def capture(rec):
    gunicorn_pkg = f'gunicorn {package_version("gunicorn")} (Debian), Python 3.11'
    uvicorn_pkg = f'uvicorn {package_version("python3-uvicorn")} (Debian), Python 3.11'
    python_pkg = run([PY, '--version']).stdout.strip() + ' (Debian /usr/bin/python3)'
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1', DATABASE_URL='postgresql://studio@127.0.0.1/studio')
    no_db_env = {k: v for k, v in env.items() if k != 'DATABASE_URL'}
    gunicorn = ['/usr/bin/gunicorn', '--chdir', APPS]

    def add(group, key, text, version, command, setup):
        rec.add(group, key, text.strip(), program=group, version=version, command=command, setup=setup,
                fields=FIELDS)

    with Capture('python-apps') as cap:
        # A healthy start, one request, a worker killed by SIGKILL (what the OOM killer sends),
        # then a graceful stop.
        port = free_port()
        proc = cap.start(gunicorn + ['--bind', f'127.0.0.1:{port}', '--workers', '1', '--access-logfile', '-',
                                     'studio_wsgi:application'], 'gunicorn.log', env=env)
        wait_port(port)
        boot = wait_for(lambda: 'Booting worker' in cap.read('gunicorn.log') and cap.read('gunicorn.log'),
                        'gunicorn boot')
        add('gunicorn', 'started', boot, gunicorn_pkg, 'gunicorn --bind 127.0.0.1:PORT studio_wsgi:application',
            'a healthy start (sync worker)')
        mark = len(cap.read('gunicorn.log'))
        run(['curl', '-sS', '-o', '/dev/null', f'http://127.0.0.1:{port}/health'], check=True)
        access = wait_for(lambda: cap.read('gunicorn.log')[mark:], 'gunicorn access line')
        add('gunicorn', 'accessLine', access, gunicorn_pkg, '--access-logfile - ; curl http://127.0.0.1:PORT/health',
            'the default access log format (one request from curl)')
        worker = int(boot.split('Booting worker with pid: ')[1].split()[0])
        mark = len(cap.read('gunicorn.log'))
        os.kill(worker, signal.SIGKILL)
        killed = wait_for(lambda: 'Booting worker' in cap.read('gunicorn.log')[mark:]
                          and cap.read('gunicorn.log')[mark:], 'gunicorn worker respawn')
        add('gunicorn', 'workerKilled', killed, gunicorn_pkg, 'kill -9 WORKER_PID',
            'the worker process killed by SIGKILL, as the kernel OOM killer does')
        mark = len(cap.read('gunicorn.log'))
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        add('gunicorn', 'stopped', cap.read('gunicorn.log')[mark:], gunicorn_pkg, 'kill -TERM MASTER_PID',
            'a graceful stop (docker stop / systemctl stop)')

        # The app cannot be imported: settings read os.environ['DATABASE_URL'].
        out = run(gunicorn + ['--bind', f'127.0.0.1:{free_port()}', 'studio_wsgi:application'], env=no_db_env,
                  deadline_s=60)
        add('gunicorn', 'workerFailedToBootKeyError', out.stderr, gunicorn_pkg,
            'gunicorn --bind 127.0.0.1:PORT studio_wsgi:application (DATABASE_URL unset)',
            f'the settings module raises KeyError at import; gunicorn exits {out.returncode}')
        out = run(gunicorn + ['--bind', f'127.0.0.1:{free_port()}', 'studio_missing:application'], env=env,
                  deadline_s=60)
        add('gunicorn', 'workerFailedToBootNoModule', out.stderr, gunicorn_pkg,
            'gunicorn --bind 127.0.0.1:PORT studio_missing:application',
            f'the app module does not exist (wrong image or command); gunicorn exits {out.returncode}')

        # Another process holds the port: gunicorn retries five times, then gives up.
        taken = free_port()
        holder = cap.start(gunicorn + ['--bind', f'127.0.0.1:{taken}', 'studio_backend:application'],
                           'holder.log', env=env)
        wait_port(taken)
        out = run(gunicorn + ['--bind', f'127.0.0.1:{taken}', 'studio_backend:application'], env=env,
                  deadline_s=60)
        holder.send_signal(signal.SIGTERM)
        holder.wait(timeout=30)
        add('gunicorn', 'addressInUse', out.stderr, gunicorn_pkg,
            'gunicorn --bind 127.0.0.1:PORT studio_backend:application',
            f'the port is held by another gunicorn; exits {out.returncode}')

        # uvicorn: a healthy start, a KeyError at import, a missing module.
        uvicorn = [PY, '-m', 'uvicorn', '--app-dir', APPS, '--host', '127.0.0.1']
        port = free_port()
        proc = cap.start(uvicorn + ['--port', str(port), 'studio_asgi:app'], 'uvicorn.log', env=env)
        wait_port(port)
        up = wait_for(lambda: 'Uvicorn running' in cap.read('uvicorn.log') and cap.read('uvicorn.log'),
                      'uvicorn start')
        add('uvicorn', 'started', up, uvicorn_pkg, 'python -m uvicorn --port PORT studio_asgi:app',
            'a healthy start')
        out = run(uvicorn + ['--port', str(free_port()), 'studio_asgi:app'], env=no_db_env)
        add('uvicorn', 'importKeyError', out.stderr, uvicorn_pkg,
            'python -m uvicorn --port PORT studio_asgi:app (DATABASE_URL unset)',
            f'the settings module raises KeyError at import; exits {out.returncode}')
        out = run(uvicorn + ['--port', str(free_port()), 'studio_missing:app'], env=env)
        add('uvicorn', 'importNoModule', out.stderr, uvicorn_pkg, 'python -m uvicorn --port PORT studio_missing:app',
            f'the app module does not exist; exits {out.returncode}')

        # Plain Python: the KeyError a settings module raises, as a process's last words.
        out = run([PY, '-c', 'import studio_settings'], env=no_db_env, cwd=APPS)
        add('python', 'keyErrorDatabaseUrl', out.stderr, python_pkg, 'python -c "import studio_settings"',
            "settings read os.environ['DATABASE_URL'], which is unset")
