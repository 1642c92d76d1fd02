"""ASGI entry point for uvicorn: imports settings first, like studio_wsgi."""

import studio_settings

__all__ = ['app', 'studio_settings']


async def app(scope, receive, send):
    if scope['type'] != 'http':
        return
    await send({'type': 'http.response.start', 'status': 200,
                'headers': [(b'content-type', b'application/json')]})
    await send({'type': 'http.response.body', 'body': b'{"status": "ok"}'})
