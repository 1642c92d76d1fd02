"""What the guide's in-pod checks print: nslookup (bind9-dnsutils) and getent for the backend
Service's name, and curl's /health requests against the stand-in backend under gunicorn.

The namespace's resolver (127.0.0.1:53, see run.sh) is played by a small DNS server here that
answers A queries for one name and NXDOMAIN (or SERVFAIL, or nothing) for the rest: the text
recorded is nslookup's, getent's and curl's own.
"""

import os
import socket
import threading

from evidence_lib import Capture, free_port, package_version, run, wait_port

APPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'apps')

SERVICE = 'datachain-studio-backend.datachain-studio.svc.cluster.local'
SERVICE_IP = '10.43.18.117'

FIELDS = [
    ('server', r'^Server:\s+([\d.]+)$'),
    ('server', r'Got SERVFAIL reply from ([\d.]+)$'),
    ('server', r'^Address:\s+([\d.]+)#\d+$'),
    ('port', r'^Address:\s+[\d.]+#(\d+)$'),
    ('server', r'communications error to ([\d.]+)#'),
    ('port', r'communications error to [\d.]+#(\d+)'),
    ('name', r"can't find (\S+):"),
    ('name', r'^Name:\s+(\S+)$'),
    ('address', r'^Address: ([\d.]+)$'),
    ('address', r'^([\d.]+)\s+\S+$'),
    ('name', r'^[\d.]+\s+(\S+)$'),
    ('date', r'^Date: (.+)$'),
    ('host', r'Could not resolve host: (\S+)'),
]


def dns_server(stop, sock, answers, rcode_other):
    """A resolver for one zone: A records from `answers`, empty NOERROR for other types of those
    names, `rcode_other` (3 NXDOMAIN, 2 SERVFAIL) for any other name."""
    sock.settimeout(0.2)
    while not stop.is_set():
        try:
            query, addr = sock.recvfrom(512)
        except socket.timeout:
            continue
        except OSError:
            break
        if len(query) < 12:
            continue
        labels, i = [], 12
        while i < len(query) and query[i] != 0:
            labels.append(query[i + 1:i + 1 + query[i]].decode('ascii', 'replace'))
            i += query[i] + 1
        qtype = int.from_bytes(query[i + 1:i + 3], 'big')
        question = query[12:i + 5]
        name = '.'.join(labels).lower()
        known = name in answers
        rcode = 0 if known else rcode_other
        answer = b''
        if known and qtype == 1:
            ip = bytes(int(p) for p in answers[name].split('.'))
            answer = b'\xc0\x0c' + (1).to_bytes(2, 'big') + (1).to_bytes(2, 'big') + (5).to_bytes(4, 'big') \
                + (4).to_bytes(2, 'big') + ip
        flags = 0x8000 | (query[2] << 8 & 0x7900) | 0x0080 | 0x0400 * known | rcode
        ancount = 1 if answer else 0
        reply = query[:2] + flags.to_bytes(2, 'big') + b'\x00\x01' + ancount.to_bytes(2, 'big') \
            + b'\x00\x00\x00\x00' + question + answer
        sock.sendto(reply, addr)
    sock.close()


class Resolver:
    """The namespace's resolver on 127.0.0.1:53 for the duration of a `with` block."""

    def __init__(self, rcode_other=3, silent=False):
        self.rcode_other, self.silent = rcode_other, silent
        self.stop = threading.Event()

    def __enter__(self):
        if os.environ.get('EVIDENCE_ISOLATED') != '1':
            raise RuntimeError('Resolver needs the isolated namespace of run.sh (it binds port 53)')
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(('127.0.0.1', 53))
        if self.silent:
            def drain(stop, s):
                s.settimeout(0.2)
                while not stop.is_set():
                    try:
                        s.recvfrom(512)
                    except socket.timeout:
                        continue
                s.close()
            target, args = drain, (self.stop, sock)
        else:
            target, args = dns_server, (self.stop, sock, {SERVICE: SERVICE_IP}, self.rcode_other)
        self.thread = threading.Thread(target=target, args=args, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)


def capture(rec):
    bind = f'nslookup {package_version("bind9-dnsutils")} (Debian bind9-dnsutils)'
    glibc = f'getent, glibc {package_version("libc-bin")} (Debian)'
    curl = f'curl {package_version("curl")} (Debian) against gunicorn {package_version("gunicorn")} (Debian)'

    def add(group, key, out, version, command, setup):
        rec.add(group, key, out.strip(), program=command.split()[0], version=version, command=command,
                setup=setup, fields=FIELDS)

    missing = SERVICE.replace('backend', 'backend-api')
    with Resolver():
        out = run(['nslookup', SERVICE])
        assert out.returncode == 0, out
        add('nslookup', 'ok', out.stdout, bind, f'nslookup {SERVICE}', 'the cluster DNS answers the Service name')
        out = run(['getent', 'hosts', SERVICE])
        assert out.returncode == 0, out
        add('getent', 'ok', out.stdout, glibc, f'getent hosts {SERVICE}', 'the cluster DNS answers the Service name')
        out = run(['nslookup', missing])
        assert out.returncode == 1, out
        add('nslookup', 'nxdomain', out.stdout, bind, f'nslookup {missing}',
            'no such Service: the cluster DNS answers NXDOMAIN (exit 1)')
        out = run(['curl', '-sS', '-I', '-m', '5', 'http://datachain-studio-backend-api:8000/health'])
        add('curlHealth', 'couldNotResolve', out.stderr, curl,
            'curl -sS -I -m 5 http://datachain-studio-backend-api:8000/health',
            'the Service name does not resolve (NXDOMAIN); exit 6')
    with Resolver(rcode_other=2):
        out = run(['nslookup', missing])
        assert out.returncode == 1, out
        add('nslookup', 'servfail', out.stdout, bind, f'nslookup {missing}',
            'the cluster DNS fails upstream and answers SERVFAIL (exit 1)')
    with Resolver(silent=True):
        out = run(['nslookup', SERVICE])
        assert out.returncode == 1, out
        add('nslookup', 'timedOut', out.stdout, bind, f'nslookup {SERVICE}',
            'the cluster DNS receives the queries and never answers (resolv.conf timeout:1 attempts:1; exit 1)')
    out = run(['nslookup', SERVICE])
    assert out.returncode == 1, out
    add('nslookup', 'refused', out.stdout, bind, f'nslookup {SERVICE}',
        'nothing listens on the cluster DNS address (exit 1)')

    with Capture('in-pod') as cap:
        port = free_port()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1', DATABASE_URL='postgresql://studio@127.0.0.1/studio')
        cap.start(['/usr/bin/gunicorn', '--chdir', APPS, '--bind', f'127.0.0.1:{port}', '--workers', '1',
                   'studio_wsgi:application'], 'gunicorn.log', env=env)
        wait_port(port)
        out = run(['curl', '-sf', '-m', '5', f'http://127.0.0.1:{port}/health'])
        assert out.returncode == 0, out
        add('curlHealth', 'ok', out.stdout, curl, 'curl -sf -m 5 http://localhost:8000/health',
            'the stand-in backend (scripts/capture-evidence/apps) answers /health')
        out = run(['curl', '-sS', '-I', '-m', '5', f'http://127.0.0.1:{port}/health'])
        assert out.returncode == 0, out
        add('curlHealth', 'headOk', out.stdout.replace('\r\n', '\n'), curl,
            'curl -sS -I -m 5 http://datachain-studio-backend:8000/health (CRLF shown as LF)',
            'the stand-in backend answers HEAD /health')
