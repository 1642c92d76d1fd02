import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogStreamFault } from './faults.js';

export interface LogWindow {
  /** Last N lines only. */
  tailLines?: number;
  /** At most this many bytes (after tailLines, as the kubelet applies them). */
  limitBytes?: number;
}

/**
 * Byte offset where the last `lines` lines of a file start, found by reading backwards in
 * blocks, so a tail of a multi-gigabyte log costs a few reads, not the file. A trailing
 * newline ends the last line; it does not start another.
 */
export async function tailOffset(file: string, size: number, lines: number): Promise<number> {
  if (lines <= 0) return size;
  const fh = await open(file, 'r');
  try {
    const block = Buffer.alloc(64 * 1024);
    let pos = size;
    let seen = 0;
    while (pos > 0) {
      const n = Math.min(block.length, pos);
      pos -= n;
      await fh.read(block, 0, n, pos);
      for (let i = n - 1; i >= 0; i--) {
        if (block[i] !== 0x0a || pos + i === size - 1) continue;
        if (++seen === lines) return pos + i + 1;
      }
    }
    return 0;
  } finally {
    await fh.close();
  }
}

/**
 * Streams a window of a log file to the response: never loads the file, stops reading
 * when the client goes away. A fault can stall the stream (headers and `afterBytes`, then
 * silence until the client gives up) or trickle it at `bytesPerSecond`.
 */
export async function streamLog(
  res: ServerResponse,
  file: string,
  window: LogWindow,
  fault?: LogStreamFault,
): Promise<void> {
  const size = (await stat(file)).size;
  const start = window.tailLines === undefined ? 0 : await tailOffset(file, size, window.tailLines);
  let end = size; // exclusive
  if (window.limitBytes !== undefined) end = Math.min(end, start + window.limitBytes);
  if (fault?.mode === 'stall') end = Math.min(end, start + (fault.afterBytes ?? 0));

  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  if (end <= start) {
    // A stalled stream never ends: the client's deadline (or the server closing) cuts it.
    if (fault?.mode !== 'stall') res.end();
    return;
  }
  const source = createReadStream(file, { start, end: end - 1 });
  if (fault?.mode === 'stall') {
    source.pipe(res, { end: false });
    return;
  }
  const step = Math.max(1, Math.floor((fault?.bytesPerSecond ?? 1024) / 10));
  const trickle = async function* (chunks: AsyncIterable<Buffer>) {
    for await (const chunk of chunks) {
      for (let i = 0; i < chunk.length; i += step) {
        yield chunk.subarray(i, i + step);
        await sleep(100);
      }
    }
  };
  // A client that goes away mid-stream is not an error worth reporting.
  await (fault?.mode === 'slow' ? pipeline(source, trickle, res) : pipeline(source, res)).catch(
    () => undefined,
  );
}
