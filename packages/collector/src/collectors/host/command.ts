import {
  hostCommandOutputPath,
  hostCommandResultPath,
  type HostCommandResult,
} from '@studio-support/schema';
import type { Readable } from 'node:stream';
import type { CollectorContext, TailCaps, TailResult } from '../../bundle/index.js';
import { failureCode, type ExecResult } from '../../host/executor.js';
import type { HostEnv } from './env.js';

/** One command of the checklist: a stable id (its bundle file names) and its argv. */
export interface HostCommand {
  id: string;
  argv: readonly string[];
  /** Keep stderr in the .txt too (docker logs relays the container's stderr there). */
  mergeStderr?: boolean;
}

/**
 * Runs one command and records it: stdout streamed into host/commands/<id>.txt (redacted,
 * newest lines within the caps), how it ran into host/commands/<id>.json. A missing program
 * gets the .json (missing: true) and no .txt; a timeout or a lost connection keeps what came
 * and says so in the manifest. A non-zero exit is evidence, not an error.
 */
export async function runCommand(
  ctx: CollectorContext<HostEnv>,
  command: HostCommand,
  options: { capture?: number } = {},
): Promise<ExecResult> {
  const { executor, settings } = ctx.env;
  const outPath = hostCommandOutputPath(command.id);
  const resultPath = hostCommandResultPath(command.id);
  let written: TailResult | undefined;
  const result = await executor.exec(command.argv, {
    timeoutMs: settings.commandTimeoutMs,
    mergeStderr: command.mergeStderr,
    capture: options.capture,
    stdout: async (stream) => {
      written = await writeIfAny(ctx, outPath, stream, settings.outputCaps);
    },
  });
  const shown = command.argv.join(' ');

  if (result.failure !== undefined && written === undefined) {
    ctx.error({
      message: `${shown}: not collected: ${result.failure}`,
      code: failureCode(result.failure),
      path: outPath,
      resource: command.id,
    });
    return result;
  }
  if (!result.missing && written === undefined && result.failure === undefined) {
    // It ran and printed nothing: an empty file is the truth here.
    await ctx.writeText(outPath, '');
  }
  const record: HostCommandResult = {
    id: command.id,
    argv: [...command.argv],
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: ctx.env.deterministic ? 0 : result.durationMs,
    timedOut: result.timedOut,
    missing: result.missing,
    stdoutBytes: result.stdoutBytes,
    stderr: result.stderrHead,
    truncated: (written?.droppedBytes ?? 0) > 0,
  };
  await ctx.writeJson(resultPath, record);

  if (result.missing) {
    ctx.error({
      message: `${command.argv[0]}: not installed on the host (${executor.sudo ? 'sudo' : 'shell'}: command not found); ${shown} was not run`,
      code: 'ProgramMissing',
      path: outPath,
      resource: command.id,
      ...(result.exitCode === null ? {} : { exitCode: result.exitCode }),
    });
  } else if (result.timedOut) {
    ctx.error({
      message: `${shown}: timed out after ${settings.commandTimeoutMs / 1000}s and was killed; the output up to then is kept`,
      code: 'Timeout',
      path: outPath,
      resource: command.id,
    });
  } else if (result.failure !== undefined) {
    ctx.error({
      message: `${shown}: cut short: ${result.failure}; the output up to then is kept`,
      code: failureCode(result.failure),
      path: outPath,
      resource: command.id,
    });
  }
  return result;
}

/**
 * Streams into the bundle only once the first byte arrives, so a program that is missing
 * leaves no empty file behind.
 */
async function writeIfAny(
  ctx: CollectorContext<HostEnv>,
  path: string,
  stream: Readable,
  caps: TailCaps,
): Promise<TailResult | undefined> {
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await chunks.next();
  if (first.done) return undefined;
  async function* all(): AsyncIterable<Buffer> {
    yield first.value;
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return ctx.writeTail(path, all(), caps);
}
