"""nginx 1.22 as the Studio reverse proxy, in front of real gunicorn backends.

One nginx with a server block per fault, each on its own loopback port; curl sends the
request a browser would. We record nginx's error-log line(s), its access-log line in the
default `combined` format and in ingress-nginx's `upstreaminfo` format, and the gunicorn
lines the fault produced (WORKER TIMEOUT).
"""

import os

from evidence_lib import (
    Capture,
    free_port,
    new_lines,
    package_version,
    run,
    start_dns,
    start_udp_blackhole,
    wait_for,
    wait_port,
)

APPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'apps')
HOST = 'studio.example.com'
SERVICE_FQDN = 'datachain-studio-backend.datachain-studio.svc.cluster.local'

# ingress-nginx's default access log format, quoted from kubernetes/ingress-nginx
# internal/ingress/controller/config/config.go (logFormatUpstream) at controller-v1.15.1.
INGRESS_LOG_FORMAT = (
    '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
    '"$http_referer" "$http_user_agent" $request_length $request_time [$proxy_upstream_name] '
    '[$proxy_alternative_upstream_name] $upstream_addr $upstream_response_length '
    '$upstream_response_time $upstream_status $req_id'
)

ERROR_FIELDS = [
    ('time', r'^(\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) \['),
    ('pid', r'\] (\d+)#\d+: '),
    ('tid', r'\] \d+#(\d+): '),
    ('connection', r'#\d+: \*(\d+) '),
    ('client', r', client: ([^,]+),'),
    ('server', r', server: ([^,]*),'),
    ('request', r', request: "([^"]*)"'),
    ('upstream', r', upstream: "([^"]*)"'),
    ('host', r', host: "([^"]*)"'),
    ('resolver', r'resolver: ([0-9.:]+)'),
    ('upstreamAddress', r'upstream server ([0-9.:]+) '),
]

ACCESS_FIELDS = [
    ('client', r'^(\S+) - - \['),
    ('time', r'^\S+ - - \[([^\]]+)\]'),
    ('request', r'\] "([^"]*)" '),
    ('bytes', r'" \d{3} (\d+) "'),
    ('userAgent', r'" "([^"]*)"(?: \d|$)'),
    ('requestLength', r'" (\d+) [\d.]+ \['),
    ('requestTime', r'" \d+ ([\d.]+) \['),
    ('upstreamName', r' \[([^\]]*)\] \['),
    ('upstreamAddr', r'\] \[[^\]]*\] (\S+(?:, \S+)*) [\d,\s-]+ [\d.,\s-]+ [\d,\s-]+ [0-9a-f]{32}$'),
    ('upstreamResponseLength', r'\] \[[^\]]*\] \S+(?:, \S+)* ([\d-]+(?:, [\d-]+)*) [\d.,\s-]+ [\d,\s-]+ [0-9a-f]{32}$'),
    ('upstreamResponseTime', r' ([\d.-]+(?:, [\d.-]+)*) [\d-]+(?:, [\d-]+)* [0-9a-f]{32}$'),
    ('requestId', r' ([0-9a-f]{32})$'),
]

GUNICORN_FIELDS = [
    ('time', r'^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4})\]'),
    ('pid', r'^\[[^\]]+\] \[(\d+)\]'),
    ('workerPid', r'\(pid:(\d+)\)'),
    ('workerPid', r'Worker exiting \(pid: (\d+)\)'),
    ('newWorkerPid', r'Booting worker with pid: (\d+)'),
]


def server_block(port, proxy_pass, *, case='ok', extra=''):
    upstream_name = 'datachain-studio-datachain-studio-backend-8000'
    return f"""
    server {{
        listen 127.0.0.1:{port};
        server_name {HOST};
        set $proxy_upstream_name "{upstream_name}";
        set $proxy_alternative_upstream_name "";
        location / {{
            proxy_set_header Host $host;
            proxy_set_header X-Evidence-Case {case};
            {extra}
            proxy_pass {proxy_pass};
        }}
    }}"""


def capture(rec):
    nginx_version = run(['nginx', '-v']).stderr.strip().removeprefix('nginx version: ')
    nginx_pkg = f'{nginx_version} (Debian {package_version("nginx")})'
    gunicorn_pkg = f'gunicorn {package_version("gunicorn")} (Debian), Python 3.11'
    curl_version = run(['curl', '--version']).stdout.split()[1]

    with Capture('nginx') as cap:
        run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
             '-subj', f'/CN={SERVICE_FQDN}', '-keyout', cap.path('backend.key'),
             '-out', cap.path('backend.crt')], check=True)

        ports = {name: free_port() for name in (
            'plain', 'killer', 'tls', 'dead', 'dead1', 'dead2',
            'refused', 'nolive', 'premature', 'timeout', 'bigheader', 'httptotls', 'tlstohttp',
            'dnsnx', 'dnsservfail', 'dnstimeout', 'dnsrefused', 'ok', 'frontend', 'sshd', 'wrongport')}
        dns_nx = start_dns(cap, 3)
        dns_servfail = start_dns(cap, 2)
        dns_hang = start_udp_blackhole(cap)
        dns_dead = free_port()

        gunicorn = ['/usr/bin/gunicorn', '--chdir', APPS, '--access-logfile', '-']
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1')
        cap.start(gunicorn + ['--bind', f'127.0.0.1:{ports["plain"]}', '--workers', '3',
                              'studio_backend:application'], 'gunicorn-plain.log', env=env)
        cap.start(gunicorn + ['--bind', f'127.0.0.1:{ports["killer"]}', '--workers', '1',
                              '--timeout', '2', 'studio_backend:application'], 'gunicorn-killer.log',
                  env=dict(env, EVIDENCE_SLOW_SECONDS='30'))
        cap.start(gunicorn + ['--bind', f'127.0.0.1:{ports["tls"]}', '--workers', '1',
                              '--certfile', cap.path('backend.crt'), '--keyfile', cap.path('backend.key'),
                              'studio_backend:application'], 'gunicorn-tls.log', env=env)

        resolver = 'resolver 127.0.0.1:{port} valid=1s ipv6=off; resolver_timeout {timeout};'
        via_dns = 'http://$backend_host:8000'
        dns_var = f'set $backend_host "{SERVICE_FQDN}";'
        servers = [
            server_block(ports['refused'], f'http://127.0.0.1:{ports["dead"]}'),
            server_block(ports['nolive'], 'http://datachain_studio_backend'),
            server_block(ports['premature'], f'http://127.0.0.1:{ports["killer"]}', case='slow'),
            server_block(ports['timeout'], f'http://127.0.0.1:{ports["plain"]}', case='slow',
                         extra='proxy_read_timeout 1s;'),
            server_block(ports['bigheader'], f'http://127.0.0.1:{ports["plain"]}', case='big-header'),
            server_block(ports['httptotls'], f'http://127.0.0.1:{ports["tls"]}'),
            server_block(ports['wrongport'], f'http://127.0.0.1:{ports["sshd"]}'),
            server_block(ports['tlstohttp'], f'https://127.0.0.1:{ports["frontend"]}'),
            server_block(ports['dnsnx'], via_dns,
                         extra=resolver.format(port=dns_nx, timeout='2s') + dns_var),
            server_block(ports['dnsservfail'], via_dns,
                         extra=resolver.format(port=dns_servfail, timeout='2s') + dns_var),
            server_block(ports['dnstimeout'], via_dns,
                         extra=resolver.format(port=dns_hang, timeout='1s') + dns_var),
            server_block(ports['dnsrefused'], via_dns,
                         extra=resolver.format(port=dns_dead, timeout='1s') + dns_var),
            server_block(ports['ok'], f'http://127.0.0.1:{ports["plain"]}'),
            # A frontend-like static server speaking plain HTTP (answers a TLS ClientHello with 400).
            f"""
    server {{
        listen 127.0.0.1:{ports['frontend']};
        access_log off;
        location / {{ return 200 'ok'; }}
    }}""",
        ]
        cap.write('nginx.conf', f"""
worker_processes 1;
pid {cap.path('nginx.pid')};
error_log {cap.path('error.log')} warn;
events {{ worker_connections 64; }}
http {{
    log_format upstreaminfo '{INGRESS_LOG_FORMAT}';
    map $http_x_request_id $req_id {{ default $http_x_request_id; "" $request_id; }}
    access_log {cap.path('access.log')} combined;
    access_log {cap.path('ingress-access.log')} upstreaminfo;
    client_body_temp_path {cap.path('tmp-body')};
    proxy_temp_path {cap.path('tmp-proxy')};
    fastcgi_temp_path {cap.path('tmp-fastcgi')};
    uwsgi_temp_path {cap.path('tmp-uwsgi')};
    scgi_temp_path {cap.path('tmp-scgi')};
    upstream datachain_studio_backend {{
        server 127.0.0.1:{ports['dead1']};
        server 127.0.0.1:{ports['dead2']};
    }}
{''.join(servers)}
}}
""")
        # A non-HTTP service that speaks first: OpenSSH's banner is what nginx reads as the header.
        run(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', cap.path('ssh_host_key')], check=True)
        os.makedirs('/run/sshd', exist_ok=True)  # sshd's privilege-separation directory
        cap.start(['/usr/sbin/sshd', '-D', '-e', '-f', '/dev/null', '-o', 'ListenAddress=127.0.0.1',
                   '-o', 'PidFile=none', '-p', str(ports['sshd']), '-h', cap.path('ssh_host_key')],
                  'sshd.log')
        cap.start(['nginx', '-p', cap.dir, '-c', cap.path('nginx.conf'), '-e', cap.path('error.log'),
                   '-g', 'daemon off;'], 'nginx-stdout.log')
        for name in ('plain', 'killer', 'tls', 'ok', 'sshd'):
            wait_port(ports[name])
        offsets = {}
        for log in ('error.log', 'access.log', 'ingress-access.log', 'gunicorn-killer.log'):
            new_lines(cap, log, offsets)

        def request(server, expect_status, *curl_args):
            out = run(['curl', '-sS', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '20', *curl_args,
                       '-H', f'Host: {HOST}', f'http://127.0.0.1:{ports[server]}/api/health'])
            if out.stdout != f'{expect_status:03d}':
                raise RuntimeError(f'nginx {server}: expected HTTP {expect_status}, got {out.stdout!r} {out.stderr!r}')
            # nginx writes the access log after the response: wait until it is there.
            text = wait_for(lambda: new_lines(cap, 'access.log', offsets), f'access log for {server}')
            ingress = wait_for(lambda: new_lines(cap, 'ingress-access.log', offsets), f'ingress log for {server}')
            return new_lines(cap, 'error.log', offsets).strip(), text.strip(), ingress.strip()

        curl_cmd = f'curl -H "Host: {HOST}" http://127.0.0.1:PORT/api/health'

        def add_error(key, text, setup):
            rec.add('nginx', key, text, program='nginx', version=nginx_pkg, command=curl_cmd,
                    setup=setup, fields=ERROR_FIELDS)

        def add_access(key, combined, ingress, setup):
            rec.add('nginxAccess', key, combined, program='nginx', version=nginx_pkg, command=curl_cmd,
                    setup=setup + ' (log_format combined, curl ' + curl_version + ')', fields=ACCESS_FIELDS)
            rec.add('ingressNginxAccess', key, ingress, program='nginx', version=nginx_pkg,
                    command=curl_cmd,
                    setup=setup + ' (log_format upstreaminfo quoted from ingress-nginx controller-v1.15.1)',
                    fields=ACCESS_FIELDS)

        err, acc, ing = request('refused', 502)
        add_error('connectRefused', err, 'proxy_pass http:// to a loopback port where nothing listens')
        add_access('badGatewayRefused', acc, ing, 'HTTP 502 of the connect-refused case')

        err, _, _ = request('nolive', 502)
        add_error('connectRefusedBothServers', err,
                  'upstream block with two servers, neither listening: first request tries both')
        err, acc, ing = request('nolive', 502)
        add_error('noLiveUpstreams', err,
                  'second request to the same upstream block while both servers are marked failed')
        add_access('badGatewayNoLiveUpstreams', acc, ing, 'HTTP 502 of the no-live-upstreams case')

        err, acc, ing = request('premature', 502)
        add_error('upstreamPrematurelyClosed', err,
                  'gunicorn --timeout 2 whose sync worker sleeps 30s: the arbiter kills the worker mid-request')
        add_access('badGatewayPrematureClose', acc, ing, 'HTTP 502 of the premature-close case')
        start = offsets['gunicorn-killer.log']
        wait_for(lambda: 'Booting worker' in cap.read('gunicorn-killer.log')[start:], 'gunicorn worker reboot')
        killer = new_lines(cap, 'gunicorn-killer.log', offsets)
        rec.add('gunicorn', 'workerTimeout', killer.strip(), program='gunicorn', version=gunicorn_pkg,
                command=f'gunicorn --workers 1 --timeout 2 studio_backend:application',
                setup='sync worker sleeping 30s in a request proxied by nginx', fields=GUNICORN_FIELDS)

        err, acc, ing = request('timeout', 504)
        add_error('upstreamTimedOut', err, 'gunicorn answers after 3s; nginx proxy_read_timeout 1s')
        add_access('gatewayTimeout', acc, ing, 'HTTP 504 of the upstream-timed-out case')

        err, acc, ing = request('bigheader', 502)
        add_error('upstreamTooBigHeader', err,
                  'gunicorn answers with a 12 kB Set-Cookie header; default proxy_buffer_size')
        add_access('badGatewayTooBigHeader', acc, ing, 'HTTP 502 of the too-big-header case')

        err, acc, ing = request('httptotls', 502)
        # OpenSSL 3 TLS servers (gunicorn, Node, openssl s_server alike) send nothing back to a
        # plain HTTP request: nginx sees a reset, not "no valid HTTP/1.0 header".
        add_error('upstreamResetByTlsPeer', err,
                  'proxy_pass http:// to gunicorn serving TLS (--certfile/--keyfile)')
        add_access('badGatewayResetByTlsPeer', acc, ing, 'HTTP 502 of the HTTP-to-TLS-port case')

        # nginx logs the error but then relays the bytes as an HTTP/0.9 response (status 009 in
        # the access log): curl needs --http0.9 to accept it; a browser shows garbage, not a 502.
        err, acc, ing = request('wrongport', 0, '--http0.9')
        add_error('upstreamNoValidHeader', err,
                  'proxy_pass http:// to a non-HTTP service that speaks first (OpenSSH sshd banner)')
        add_access('http09NoValidHeader', acc, ing,
                   'the non-HTTP-port case: nginx relays the banner as an HTTP/0.9 response')

        err, acc, ing = request('tlstohttp', 502)
        add_error('sslHandshakeToUpstream', err,
                  'proxy_pass https:// to a plain-HTTP nginx server (a frontend container)')
        add_access('badGatewaySslHandshake', acc, ing, 'HTTP 502 of the TLS-to-HTTP-port case')

        err, acc, ing = request('dnsnx', 502)
        add_error('hostNotFound', err,
                  f'proxy_pass via a variable ({SERVICE_FQDN}), resolver answers NXDOMAIN')
        add_access('badGatewayDns', acc, ing, 'HTTP 502 of the could-not-be-resolved case')

        err, _, _ = request('dnsservfail', 502)
        add_error('serverFailure', err, 'proxy_pass via a variable, resolver answers SERVFAIL')

        err, _, _ = request('dnstimeout', 502)
        add_error('resolverTimedOut', err,
                  'proxy_pass via a variable, resolver never answers; resolver_timeout 1s')

        err, _, _ = request('dnsrefused', 502)
        add_error('resolverRefused', err,
                  'proxy_pass via a variable, nothing listens on the resolver port; resolver_timeout 1s')

        err, acc, ing = request('ok', 200)
        if err:
            raise RuntimeError(f'healthy request logged an error: {err}')
        add_access('ok', acc, ing, 'HTTP 200 through nginx to a healthy gunicorn')

        # What a person (or a health probe) sees: the response of the 502 itself.
        out = run(['curl', '-sS', '-i', '--max-time', '10', '-H', f'Host: {HOST}',
                   f'http://127.0.0.1:{ports["refused"]}/api/health'])
        rec.add('curl', 'badGatewayFromNginx', out.stdout.replace('\r\n', '\n').strip(), program='curl',
                version=f'curl {curl_version} against {nginx_pkg}',
                command=f'curl -sS -i -H "Host: {HOST}" http://127.0.0.1:PORT/api/health (CRLF shown as LF)',
                setup='nginx proxying to a port where nothing listens',
                fields=[('date', r'^Date: (.+)$')])
