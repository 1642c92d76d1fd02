"""What host commands print when the thing they ask about is down: curl against a dead or
hanging backend, and systemctl/journalctl on a machine whose PID 1 is not systemd (a
collector run inside a container)."""

from evidence_lib import Capture, free_port, package_version, run, start_blackhole

FIELDS = [
    ('url', r'(http://\S+)'),
    ('host', r'Failed to connect to (\S+) port'),
    ('port', r' port (\d+) after'),
    ('elapsedMs', r'after (\d+) ms'),
    ('elapsedMs', r'timed out after (\d+) milliseconds'),
]


def capture(rec):
    curl = f'curl {package_version("curl")} (Debian)'
    systemd = f'systemd {package_version("systemd")} (Debian)'

    def add(group, key, text, version, command, setup):
        rec.add(group, key, text.strip(), program=command.split()[0], version=version, command=command,
                setup=setup, fields=FIELDS)

    with Capture('host-tools') as cap:
        dead = free_port()
        out = run(['curl', '-sS', f'http://127.0.0.1:{dead}/health'])
        add('curl', 'connectionRefused', out.stderr, curl, 'curl -sS http://127.0.0.1:8000/health',
            'nothing listens on the backend port')
        out = run(['curl', '-sS', '--max-time', '2', f'http://127.0.0.1:{start_blackhole(cap)}/health'])
        add('curl', 'timedOut', out.stderr, curl, 'curl -sS --max-time 2 http://127.0.0.1:8000/health',
            'the backend accepts the connection and never answers')

    out = run(['systemctl', 'status', 'datachain-studio', '--no-pager'])
    add('systemdUnavailable', 'systemctlStatus', out.stdout + out.stderr, systemd,
        'systemctl status datachain-studio --no-pager', 'PID 1 is not systemd (inside a container)')
    out = run(['journalctl', '-u', 'datachain-studio', '--no-pager'])
    add('systemdUnavailable', 'journalctl', out.stderr + out.stdout, systemd,
        'journalctl -u datachain-studio --no-pager', 'no journal on this machine (inside a container)')
