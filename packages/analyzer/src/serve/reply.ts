import type { ServerResponse } from 'node:http';
import type { StatusBody } from './status.js';

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendStatus(res: ServerResponse, status: StatusBody): void {
  const retry = status.details?.retryAfterSeconds;
  sendJson(
    res,
    status.code,
    status,
    'application/json',
    retry ? { 'Retry-After': String(retry) } : {},
  );
}
