import { Transform, type Readable } from 'node:stream';
import { stderrHeadBytes, type ExecOptions } from './executor.js';

export interface Output {
  stdoutBytes: number;
  stdoutHead: Buffer;
  stderrHead: string;
}

/** Keeps the first `max` bytes of a stream of chunks. */
class Head {
  readonly #chunks: Buffer[] = [];
  #size = 0;
  constructor(private readonly max: number) {}
  add(chunk: Buffer): void {
    if (this.#size >= this.max) return;
    const part = chunk.subarray(0, this.max - this.#size);
    this.#chunks.push(part);
    this.#size += part.length;
  }
  buffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}

/**
 * Reads a command's stdout and stderr the way both executors need: stderr is always drained
 * (an SSH channel whose stderr is not read stalls the command once the window fills), stdout
 * goes to the caller's consumer with backpressure, bytes are counted and heads kept. The
 * stream handed to the consumer ends when the sources end *or close*: a dropped connection
 * closes a channel without ending it, and the consumer must not wait forever.
 */
export async function readOutput(
  stdout: Readable,
  stderr: Readable,
  options: Pick<ExecOptions, 'stdout' | 'mergeStderr' | 'capture'>,
): Promise<Output> {
  let stdoutBytes = 0;
  const stdoutHead = new Head(options.capture ?? 0);
  const stderrHead = new Head(stderrHeadBytes);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      stdoutBytes += chunk.length;
      stdoutHead.add(chunk);
      done(null, chunk);
    },
  });

  const sources = options.mergeStderr ? [stdout, stderr] : [stdout];
  let open = sources.length;
  for (const source of sources) {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      source.unpipe(counter);
      if (--open === 0) counter.end();
    };
    source.once('end', finish);
    source.once('close', finish);
    source.once('error', finish);
    source.pipe(counter, { end: false });
  }
  stderr.on('data', (chunk: Buffer) => stderrHead.add(chunk));
  // A stderr that is not merged is read (and dropped past its head) in flowing mode.
  if (!options.mergeStderr) stderr.resume();

  const consume = options.stdout ?? drain;
  try {
    await consume(counter);
  } catch (error) {
    // The consumer gave up (e.g. a full disk): keep draining so the command is not stalled.
    counter.resume();
    await ended(counter);
    throw error;
  }
  counter.resume(); // a consumer that stopped early must not stall the command
  await ended(counter);
  // stderr may still be arriving after stdout ended: its head is part of the result.
  if (!options.mergeStderr) await ended(stderr);
  return {
    stdoutBytes,
    stdoutHead: stdoutHead.buffer(),
    stderrHead: stderrHead.buffer().toString('utf8'),
  };
}

async function drain(stream: Readable): Promise<void> {
  stream.resume();
  await ended(stream);
}

function ended(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
  });
}
