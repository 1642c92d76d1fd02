import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

export interface TailCaps {
  /** Keep at most this many bytes (the newest). */
  maxBytes: number;
  /** Keep at most this many lines (the newest). */
  maxLines: number;
}

export interface TailResult {
  bytes: number;
  lines: number;
  /** Bytes (after redaction) that were dropped from the head to honour the caps. */
  droppedBytes: number;
  /** Bytes the source produced, before redaction and caps. */
  sourceBytes: number;
}

/**
 * Streams `source` line by line through `redactLine` into `dest`, keeping only the newest
 * lines within the caps. Memory stays flat whatever the input size: lines go straight to a
 * scratch file and only their end offsets are remembered (a ring of maxLines numbers); when
 * the caps are exceeded the kept tail is copied out of the scratch file at the end.
 */
export async function writeTail(
  source: AsyncIterable<Buffer | string>,
  dest: string,
  caps: TailCaps,
  redactLine: (line: string) => string,
): Promise<TailResult> {
  const scratch = `${dest}.scratch`;
  const out = createWriteStream(scratch);
  const ends = new Float64Array(Math.max(1, caps.maxLines + 1));
  let lineCount = 0;
  let written = 0;
  let sourceBytes = 0;
  let pending = '';
  const decoder = new TextDecoder('utf-8', { fatal: false });

  // Lines of one source chunk are written together: one write per chunk, not per line,
  // keeps the cost per line down to the redaction itself.
  let batch: string[] = [];
  const emit = (line: string, newline: boolean): void => {
    const text = redactLine(line) + (newline ? '\n' : '');
    written += Buffer.byteLength(text, 'utf8');
    ends[lineCount % ends.length] = written;
    lineCount++;
    batch.push(text);
  };
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ok = out.write(batch.join(''));
    batch = [];
    if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
  };

  try {
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sourceBytes += buf.length;
      pending += decoder.decode(buf, { stream: true });
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', from)) {
        emit(pending.slice(from, nl), true);
        from = nl + 1;
      }
      await flush();
      pending = pending.slice(from);
      // A line longer than the byte cap can only be kept in part: keep its newest bytes.
      if (pending.length > 2 * caps.maxBytes) pending = pending.slice(-caps.maxBytes);
    }
    pending += decoder.decode();
    if (pending !== '') emit(pending, false);
    await flush();
  } finally {
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }

  // Where the kept tail starts: after the line that ends maxLines lines before the last,
  // then moved forward to a line boundary until it fits maxBytes.
  let start = 0;
  if (lineCount > caps.maxLines) start = ends[(lineCount - caps.maxLines - 1) % ends.length]!;
  if (written - start > caps.maxBytes) {
    start = await firstLineStartAtOrAfter(scratch, written - caps.maxBytes, written);
  }
  if (start === 0) {
    await rename(scratch, dest);
    return { bytes: written, lines: lineCount, droppedBytes: 0, sourceBytes };
  }
  await pipeline(createReadStream(scratch, { start }), createWriteStream(dest));
  await rm(scratch, { force: true });
  const kept = (await stat(dest)).size;
  return { bytes: kept, lines: await countLines(dest), droppedBytes: written - kept, sourceBytes };
}

/** Offset of the first byte after a '\n' at or after `from` (or `end` if none). */
async function firstLineStartAtOrAfter(path: string, from: number, end: number): Promise<number> {
  if (from <= 0) return 0;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    let pos = from - 1; // the byte before `from` may be the newline that ends a line
    while (pos < end) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      const i = buf.subarray(0, bytesRead).indexOf(0x0a);
      if (i !== -1) return pos + i + 1;
      pos += bytesRead;
    }
    return end;
  } finally {
    await fh.close();
  }
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const b of chunk) if (b === 0x0a) lines++;
    last = chunk[chunk.length - 1] ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}
