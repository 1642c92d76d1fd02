"""Shared machinery for the evidence capture: recording lines, ports, processes, deadlines.

Every case module gets a Capture: it starts real programs on loopback high ports inside one
temporary directory, records what they printed, and stops every process it started.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field

PY = '/usr/bin/python3'  # Debian's interpreter: the only one that imports psycopg2, redis-py, gunicorn


def package_version(package):
    """The installed Debian package version, e.g. '1.22.1-9+deb12u11'."""
    out = subprocess.run(
        ['dpkg-query', '-W', '-f', '${Version}', package],
        capture_output=True, text=True, timeout=10, check=True,
    )
    return out.stdout.strip()


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_port(port, deadline_s=15.0):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f'nothing listened on 127.0.0.1:{port} within {deadline_s}s')


def wait_for(predicate, what, deadline_s=15.0):
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f'{what}: not seen within {deadline_s}s')


def run(argv, deadline_s=30.0, **kw):
    """Run a command to completion with a deadline; returns CompletedProcess (text).

    Pass stderr=subprocess.STDOUT to keep both streams in the order a terminal shows them.
    """
    kw.setdefault('stderr', subprocess.PIPE)
    return subprocess.run(argv, stdout=subprocess.PIPE, text=True, timeout=deadline_s, **kw)


def escape_braces(text):
    return text.replace('{', '{{').replace('}', '}}')


def templatize(text, fields):
    """Replace the run-specific parts of `text` by {name} placeholders.

    `fields` is a list of (name, regex with exactly one group). Every match of a field's regex
    marks its group as variable; equal values of a field share one name (equal process ids even
    across fields), a different value of the same field gets name_2, name_3, ... Returns
    (template, values); the TypeScript side checks that filling the template with the values
    gives back the text exactly.
    """
    spans = []
    for name, pattern in fields:
        for m in re.finditer(pattern, text, re.M):
            spans.append((m.start(1), m.end(1), name, m.group(1)))
    spans.sort()
    kept, last_end = [], -1
    for span in spans:
        if span[0] >= last_end and span[1] > span[0]:
            kept.append(span)
            last_end = span[1]
    values, names_by_value = {}, {}
    out, pos = [], 0
    for start, end, name, value in kept:
        # One process id printed twice (a worker pid in its own line prefix and in the master's
        # message, nginx's pid#tid) gets one name, so filling it stays consistent. Only long
        # numbers: "0" or a host name shared by server and Host header are different things.
        key = value if value.isdigit() and len(value) >= 4 else (name, value)
        if key not in names_by_value:
            n, candidate = 1, name
            while candidate in values:
                n += 1
                candidate = f'{name}_{n}'
            names_by_value[key] = candidate
            values[candidate] = value
        out.append(escape_braces(text[pos:start]))
        out.append('{' + names_by_value[key] + '}')
        pos = end
    out.append(escape_braces(text[pos:]))
    return ''.join(out), values


@dataclass
class Recorder:
    """Collects evidence entries: group -> key -> {text, template, values, source}."""

    entries: dict = field(default_factory=dict)

    def add(self, group, key, text, *, program, version, command, setup, fields=(), applies_to=None):
        if not text or not text.strip():
            raise ValueError(f'{group}.{key}: captured nothing (program printed no text)')
        if key in self.entries.get(group, {}):
            raise ValueError(f'{group}.{key}: recorded twice')
        template, values = templatize(text, list(fields))
        source = {
            'kind': 'generated',
            'program': program,
            'version': version,
            'command': command,
            'setup': setup,
        }
        if applies_to:
            source['appliesTo'] = applies_to
        self.entries.setdefault(group, {})[key] = {
            'text': text,
            'template': template,
            'values': values,
            'source': source,
        }


class Capture:
    """One temp directory and the processes started in it; stops them all on close."""

    def __init__(self, name):
        self.dir = tempfile.mkdtemp(prefix=f'evidence-{name}-')
        os.chmod(self.dir, 0o755)
        self.procs = []
        self.threads = []
        self.stop_event = threading.Event()

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, content, mode=0o644):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'w') as f:
            f.write(content)
        os.chmod(p, mode)
        return p

    def read(self, name):
        with open(self.path(name), errors='replace') as f:
            return f.read()

    def wait_log(self, log_name, needle, deadline_s=15.0):
        """Wait until a program's log contains `needle`; on timeout show the log's tail."""
        try:
            return wait_for(lambda: needle in self.read(log_name), f'{needle!r} in {log_name}', deadline_s)
        except TimeoutError as e:
            raise TimeoutError(f'{e}; log tail:\n{self.read(log_name)[-2000:]}') from None

    def start(self, argv, log_name, **kw):
        """Start a long-running program with stdout+stderr into log_name (in its own process group)."""
        log = open(self.path(log_name), 'ab')
        proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kw)
        log.close()
        self.procs.append(proc)
        return proc

    def thread(self, target, *args):
        t = threading.Thread(target=target, args=(self.stop_event, *args), daemon=True)
        t.start()
        self.threads.append(t)
        return t

    def close(self):
        self.stop_event.set()
        for proc in reversed(self.procs):
            stop_process(proc)
        for t in self.threads:
            t.join(timeout=5)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def stop_process(proc, grace_s=5.0):
    """SIGTERM the process group we started, then SIGKILL it after a grace period."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace_s)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace_s)


def new_lines(capture, log_name, offsets):
    """Text appended to a log since the last call (per-log offsets kept in `offsets`)."""
    text = capture.read(log_name)
    start = offsets.get(log_name, 0)
    offsets[log_name] = len(text)
    return text[start:]


# --- small loopback peers --------------------------------------------------------------------


def blackhole_listener(stop, sock):
    """Accept TCP connections and never answer (a peer that hangs after the handshake)."""
    sock.settimeout(0.2)
    held = []
    while not stop.is_set():
        try:
            conn, _ = sock.accept()
            held.append(conn)
        except socket.timeout:
            continue
        except OSError:
            break
    for conn in held:
        conn.close()
    sock.close()


def start_blackhole(capture):
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    sock.listen(16)
    port = sock.getsockname()[1]
    capture.thread(blackhole_listener, sock)
    return port


def dns_responder(stop, sock, rcode):
    """Answer every DNS query with an empty response carrying `rcode` (3 NXDOMAIN, 2 SERVFAIL).

    Only the response code matters to the resolvers under test (nginx, glibc): the wording we
    record is theirs.
    """
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
        # Header: same id; QR=1, opcode from the query, RD copied, RA=1; rcode; QDCOUNT kept.
        flags = 0x8000 | (query[2] << 8 & 0x7900) | 0x0080 | rcode
        question_end = 12
        while question_end < len(query) and query[question_end] != 0:
            question_end += query[question_end] + 1
        question_end += 5  # the root label and QTYPE, QCLASS
        reply = query[:2] + flags.to_bytes(2, 'big') + query[4:6] + b'\0\0\0\0\0\0' + query[12:question_end]
        sock.sendto(reply, addr)
    sock.close()


def start_dns(capture, rcode, port=0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', port))
    capture.thread(dns_responder, sock, rcode)
    return sock.getsockname()[1]


def start_udp_blackhole(capture):
    """A UDP socket that reads queries and never answers (a DNS server that hangs)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(('127.0.0.1', 0))

    def drain(stop, s):
        s.settimeout(0.2)
        while not stop.is_set():
            try:
                s.recvfrom(512)
            except socket.timeout:
                continue
            except OSError:
                break
        s.close()

    capture.thread(drain, sock)
    return sock.getsockname()[1]


class SystemDns:
    """The namespace's own DNS server on 127.0.0.1:53 (run.sh points /etc/resolv.conf at it).

    `with SystemDns(rcode=3):` makes every getaddrinfo() of an unknown name end in NXDOMAIN
    ("Name or service not known"); outside the block nothing listens on port 53, so lookups
    fail fast the way they do when cluster DNS is down ("Temporary failure in name resolution").
    """

    def __init__(self, rcode):
        self.rcode = rcode
        self.stop = threading.Event()
        self.thread = None

    def __enter__(self):
        if os.environ.get('EVIDENCE_ISOLATED') != '1':
            raise RuntimeError('SystemDns needs the isolated namespace of run.sh (it binds port 53)')
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(('127.0.0.1', 53))
        self.thread = threading.Thread(target=dns_responder, args=(self.stop, sock, self.rcode), daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=5)


def start_full_backlog(capture):
    """A listening port whose accept queue is full: new SYNs are dropped, so connect() times out.

    Linux drops a SYN when the listener's accept queue is full (tcp_abort_on_overflow=0); two
    connections nobody accepts fill a listen(0) queue. This is how a firewall that drops
    packets looks to a client.
    """
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    sock.listen(0)
    port = sock.getsockname()[1]
    fillers = []
    for _ in range(2):
        c = socket.socket()
        c.settimeout(0.5)
        try:
            c.connect(('127.0.0.1', port))
        except OSError:
            pass
        fillers.append(c)

    def hold(stop):
        stop.wait()
        for c in fillers:
            c.close()
        sock.close()

    capture.thread(hold)
    return port


def exception_tail(stderr, prefix):
    """A traceback's final exception: from the last line starting with `prefix` to the end
    (the message may span lines: libpq adds tab-indented hints, SQLAlchemy a link)."""
    lines = stderr.rstrip('\n').splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    if not starts:
        raise RuntimeError(f'no line starting with {prefix!r} in:\n{stderr}')
    return '\n'.join(lines[starts[-1]:])


# --- versions, as recorded in each entry's source ----------------------------------------------


def postgres_version():
    out = run(['/usr/lib/postgresql/15/bin/postgres', '--version']).stdout.strip()
    return f'{out} (Debian postgresql-15 {package_version("postgresql-15")})'


def psycopg2_version():
    import psycopg2

    libpq = psycopg2.extensions.libpq_version()
    return (f'psycopg2 {psycopg2.__version__.split()[0]} (Debian {package_version("python3-psycopg2")}), '
            f'libpq {libpq // 10000}.{libpq % 10000} (Debian {package_version("libpq5")})')


def redis_server_version():
    out = run(['redis-server', '--version']).stdout.strip()
    return f'{out} (Debian redis-server {package_version("redis-server")})'


def redis_py_version():
    return f'redis-py {package_version("python3-redis")} (Debian), Python 3.11'
