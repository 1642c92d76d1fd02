"""`nginx -t` on a valid and on broken configurations, and nginx failing to start.

The configuration lives in a temp dir; the templates replace that path by {conf} / {file}
so a fixture can render /etc/nginx/nginx.conf.
"""

import socket

from evidence_lib import Capture, package_version, run

FIELDS = [
    ('conf', r'configuration file (\S+) (?:syntax|test)'),
    ('file', r' in (/\S+?):\d+$'),
    ('line', r' in /\S+:(\d+)$'),
    ('certificate', r'cannot load certificate "([^"]+)"'),
    ('certificate', r'calling fopen\(([^,]+), r\)'),
    ('address', r'bind\(\) to ([0-9.:]+) failed'),
]

STUDIO_SITE = """
    server {{
        listen 127.0.0.1:{port};
        server_name studio.example.com;
        location / {{
            proxy_pass {upstream};
        }}
    }}
"""


def conf(cap, name, body):
    """A complete nginx.conf for the temp dir with `body` inside http { }."""
    return cap.write(f'{name}/nginx.conf', f"""
worker_processes 1;
pid {cap.path(name, 'nginx.pid')};
error_log {cap.path(name, 'error.log')};
events {{ worker_connections 16; }}
http {{
    access_log off;
    client_body_temp_path {cap.path(name, 'tmp')};
    proxy_temp_path {cap.path(name, 'tmp')};
{body}
}}
""")


def capture(rec):
    version = run(['nginx', '-v']).stderr.strip().removeprefix('nginx version: ')
    version = f'{version} (Debian {package_version("nginx")})'

    with Capture('nginx-config') as cap:
        def test(key, name, body, setup, expect_rc):
            path = conf(cap, name, body)
            out = run(['nginx', '-t', '-p', cap.path(name), '-c', path, '-e', cap.path(name, 'error.log')])
            if out.returncode != expect_rc:
                raise RuntimeError(f'nginx -t {name}: expected exit {expect_rc}, got {out.returncode}: {out.stderr}')
            rec.add('nginxTest', key, out.stderr.strip(), program='nginx', version=version,
                    command='nginx -t', setup=setup, fields=FIELDS)

        site = STUDIO_SITE.format(port=18080, upstream='http://127.0.0.1:8000')
        test('ok', 'ok', site, 'a valid reverse-proxy configuration', 0)
        test('unknownDirective', 'typo', site.replace('proxy_pass', 'proxy_passs'),
             'a misspelled directive (proxy_passs)', 1)
        test('missingSemicolon', 'semicolon', site.replace('8000;', '8000'),
             'a missing semicolon after proxy_pass', 1)
        test('hostNotFoundInUpstream', 'dns',
             STUDIO_SITE.format(port=18080, upstream='http://datachain-studio-backend:8000'),
             'proxy_pass to a host name the resolver answers NXDOMAIN for (checked at load time)', 1)
        test('certificateMissing', 'cert',
             site.replace('listen 127.0.0.1:18080;', 'listen 127.0.0.1:18443 ssl;\n'
                          '        ssl_certificate /etc/ssl/studio/tls.crt;\n'
                          '        ssl_certificate_key /etc/ssl/studio/tls.key;'),
             'ssl_certificate naming a file that does not exist', 1)

        # Starting nginx on a port another process holds: it retries, then gives up.
        holder = socket.socket()
        holder.bind(('127.0.0.1', 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        try:
            path = conf(cap, 'bind', STUDIO_SITE.format(port=port, upstream='http://127.0.0.1:8000'))
            out = run(['nginx', '-p', cap.path('bind'), '-c', path, '-e', cap.path('bind', 'error.log'),
                       '-g', 'daemon off;'], deadline_s=20)
        finally:
            holder.close()
        if out.returncode != 1:
            raise RuntimeError(f'nginx start on a used port: expected exit 1, got {out.returncode}')
        rec.add('nginxStart', 'addressInUse', out.stderr.strip(), program='nginx', version=version,
                command="nginx -g 'daemon off;'", setup='listen on a port another process already holds',
                fields=FIELDS)
