import { hostFilePath } from '@studio-support/schema';
import type { CollectorContext } from '../../bundle/index.js';
import { failureCode, type ExecResult, type Executor } from '../../host/executor.js';
import type { HostEnv, HostSettings } from './env.js';

/** How a file read failed, from the tool's stderr (GNU coreutils wording). */
export function fileErrorCode(
  stderr: string,
): 'FileMissing' | 'PermissionDenied' | 'FileUnreadable' {
  if (/No such file or directory/.test(stderr)) return 'FileMissing';
  if (/Permission denied/.test(stderr)) return 'PermissionDenied';
  return 'FileUnreadable';
}

/** The manifest error code of a failed read: the connection's fate, else the tool's words. */
export function readErrorCode(result: ExecResult): string {
  return result.failure !== undefined
    ? failureCode(result.failure)
    : fileErrorCode(result.stderrHead);
}

/** One line saying why a file could not be read, with the --sudo hint where it helps. */
export function fileErrorMessage(path: string, result: ExecResult, sudo: boolean): string {
  if (result.failure !== undefined) return `${path}: not read: ${result.failure}`;
  if (result.timedOut) return `${path}: reading it timed out`;
  const why = result.stderrHead.trim().split('\n')[0] || `exit ${result.exitCode}`;
  const hint =
    !sudo && fileErrorCode(result.stderrHead) === 'PermissionDenied'
      ? ' (collect with --sudo)'
      : '';
  return `${path}: cannot read it: ${why}${hint}`;
}

/** Lines kept at most of a copied file: bounds the tail writer's line index. */
const fileMaxLines = 200_000;

/**
 * Copies the end of a (possibly huge) log into host/files/<path>: its size is asked with
 * `stat`, then only the last `maxBytes` cross the wire (`tail -c`), so neither the host nor
 * the collector ever holds the whole file. The partial first line of a cut tail is dropped,
 * and the manifest records what was left out.
 */
export async function collectFileTail(
  ctx: CollectorContext<HostEnv>,
  path: string,
  maxBytes: number,
): Promise<void> {
  const { executor, settings } = ctx.env;
  const bundlePath = hostFilePath(path);
  const stat = await executor.exec(['stat', '-L', '-c', '%s', '--', path], {
    timeoutMs: settings.commandTimeoutMs,
    capture: 64,
  });
  const size = Number(stat.stdoutHead.toString('utf8').trim());
  if (stat.exitCode !== 0 || !Number.isSafeInteger(size)) {
    ctx.error({
      message: fileErrorMessage(path, stat, executor.sudo),
      code: readErrorCode(stat),
      path: bundlePath,
    });
    return;
  }
  const cut = size > maxBytes;
  let kept = 0;
  let keptLines = 0;
  const read = await executor.exec(['tail', '-c', String(maxBytes), '--', path], {
    timeoutMs: settings.commandTimeoutMs,
    stdout: async (stream) => {
      const source = cut ? fromFirstLineStart(stream) : stream;
      const r = await ctx.writeTail(bundlePath, source, {
        maxBytes: maxBytes + (64 << 10),
        maxLines: fileMaxLines,
      });
      kept = r.bytes;
      keptLines = r.lines;
    },
  });
  if (read.exitCode !== 0) {
    ctx.error({
      message: fileErrorMessage(path, read, executor.sudo),
      code: readErrorCode(read),
      path: bundlePath,
    });
  }
  if (cut) {
    // What the bundle lacks of the file. If the writer recorded a cut of its own (its line
    // cap), this entry replaces it and covers both.
    ctx.record.truncate({
      path: bundlePath,
      keptBytes: kept,
      droppedBytes: size - kept,
      keptLines,
    });
  }
}

/** Skips everything up to and including the first newline: a tail's cut first line. */
async function* fromFirstLineStart(stream: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let started = false;
  for await (const chunk of stream) {
    if (started) {
      yield chunk;
      continue;
    }
    const nl = chunk.indexOf(0x0a);
    if (nl === -1) continue;
    started = true;
    if (nl + 1 < chunk.length) yield chunk.subarray(nl + 1);
  }
}

/**
 * Reads a small file whole (configuration, a certificate), at most `maxBytes`, into memory:
 * its content is parsed as well as stored.
 */
export function readSmallFile(
  executor: Executor,
  path: string,
  settings: Pick<HostSettings, 'configFileMaxBytes' | 'commandTimeoutMs'>,
): Promise<ExecResult> {
  return executor.exec(['head', '-c', String(settings.configFileMaxBytes), '--', path], {
    timeoutMs: settings.commandTimeoutMs,
    capture: settings.configFileMaxBytes,
  });
}
