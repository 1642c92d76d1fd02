"""A stand-in Studio backend for gunicorn/uvicorn: only the behaviours the evidence needs.

nginx picks the behaviour per server block with the X-Evidence-Case request header, so
request lines in the logs stay realistic (GET /api/health).
"""

import json
import os
import time


def application(environ, start_response):
    case = environ.get('HTTP_X_EVIDENCE_CASE', 'ok')
    if case == 'slow':
        time.sleep(float(os.environ.get('EVIDENCE_SLOW_SECONDS', '3')))
    headers = [('Content-Type', 'application/json')]
    if case == 'big-header':
        # A session cookie larger than nginx's default 4k/8k proxy_buffer_size.
        headers.append(('Set-Cookie', 'sessionid=' + 'x' * 12000 + '; Path=/; HttpOnly'))
    body = json.dumps({'status': 'ok'}).encode()
    start_response('200 OK', headers + [('Content-Length', str(len(body)))])
    return [body]
