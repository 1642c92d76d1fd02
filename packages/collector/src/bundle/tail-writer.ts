import { isUtf8 } from 'node:buffer';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

const writeBytes = 256 * 1024;

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

/** A line redactor that can also vouch for a whole block of lines (see LineRedactor). */
export interface BlockRedactor {
  (line: string): string;
  /** True when no line of `text` would change. */
  passes?(text: string): boolean;
}

/**
 * Streams `source` line by line through `redactLine` into `dest`, keeping only the newest
 * lines within the caps. Memory stays flat whatever the input size: lines go straight to a
 * scratch file and only their end offsets are remembered (a ring of maxLines numbers); when
 * the caps are exceeded the kept tail is copied out of the scratch file at the end. The
 * lines of a chunk the redactor passes as a whole are written as one block (the usual case:
 * most of a log holds no secret), without splitting it into lines.
 */
export async function writeTail(
  source: AsyncIterable<Buffer | string>,
  dest: string,
  caps: TailCaps,
  redactLine: BlockRedactor,
): Promise<TailResult> {
  const scratch = `${dest}.scratch`;
  const out = createWriteStream(scratch);
  // Line end offsets, a ring of maxLines + 1 once full; grown as lines come, so a short log
  // under a large --max-log-lines does not allocate the whole ring (measured: megabytes of
  // garbage per log file).
  let lineCount = 0;
  const ringSize = Math.max(1, caps.maxLines + 1);
  let ends = new Float64Array(Math.min(ringSize, 1024));
  const endLine = (offset: number): void => {
    if (lineCount === ends.length && ends.length < ringSize) {
      const grown = new Float64Array(Math.min(ringSize, 2 * ends.length));
      grown.set(ends);
      ends = grown;
    }
    ends[lineCount % ends.length] = offset;
    lineCount++;
  };
  let written = 0;
  let sourceBytes = 0;
  // Bytes of a line not ended yet (a chunk rarely ends on a line end).
  let carry: Buffer | undefined;

  // Output is gathered and written in pieces of at least writeBytes: every write is a trip
  // to the thread pool, and one per network chunk (often 16 KiB) cost more CPU than the
  // redaction (measured, bench/).
  let batch: string[] = [];
  const parts: Buffer[] = [];
  let partBytes = 0;
  const gather = (bytes: Buffer): void => {
    parts.push(bytes);
    partBytes += bytes.length;
  };
  const emit = (line: string, newline: boolean): void => {
    const text = redactLine(line) + (newline ? '\n' : '');
    written += Buffer.byteLength(text, 'utf8');
    endLine(written);
    batch.push(text);
  };
  const flushLines = (): void => {
    if (batch.length > 0) gather(Buffer.from(batch.join(''), 'utf8'));
    batch = [];
  };
  const flush = async (all: boolean): Promise<void> => {
    flushLines();
    if (partBytes === 0 || (!all && partBytes < writeBytes)) return;
    // One writev of the gathered pieces, no copy into one buffer.
    out.cork();
    let ok = true;
    for (const part of parts) ok = out.write(part);
    out.uncork();
    parts.length = 0;
    partBytes = 0;
    if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  /**
   * Whole lines (`bytes` ends with '\n'). Valid UTF-8 that the redactor passes as a whole is
   * written as it came: no decoding, no copy, its line ends found with indexOf. The check
   * reads the bytes as latin1, which every rule's condition allows (see RedactionRule).
   * Anything else is decoded and redacted line by line.
   */
  const lines = (bytes: Buffer): void => {
    if (isUtf8(bytes) && redactLine.passes?.(bytes.toString('latin1'))) {
      flushLines();
      for (let nl = bytes.indexOf(10); nl !== -1; nl = bytes.indexOf(10, nl + 1)) {
        endLine(written + nl + 1);
      }
      written += bytes.length;
      gather(bytes);
      return;
    }
    const text = bytes.toString('utf8');
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      emit(text.slice(from, nl), true);
      from = nl + 1;
    }
  };

  try {
    for await (const chunk of source) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sourceBytes += buf.length;
      const first = buf.indexOf(10);
      if (first === -1) {
        carry = carry ? Buffer.concat([carry, buf]) : Buffer.from(buf);
      } else {
        // The line the previous chunks began, then this chunk's whole lines, uncopied.
        const last = buf.lastIndexOf(10);
        lines(
          carry ? Buffer.concat([carry, buf.subarray(0, first + 1)]) : buf.subarray(0, first + 1),
        );
        if (last > first) lines(buf.subarray(first + 1, last + 1));
        carry = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
      }
      await flush(false);
      // A line longer than the byte cap can only be kept in part: keep its newest bytes.
      if (carry && carry.length > 2 * caps.maxBytes) {
        carry = Buffer.from(carry.subarray(carry.length - caps.maxBytes));
      }
    }
    if (carry) emit(carry.toString('utf8'), false);
    await flush(true);
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
