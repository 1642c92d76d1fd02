import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  execOutputPath,
  execResultPath,
  parseExecPath,
  type ExecCheckResult,
} from '@studio-support/schema';

/** One recorded in-pod command: how it ran, and where its stdout is (when it ran at all). */
export interface ExecRecording {
  result: ExecCheckResult;
  /** Absolute path of the recorded stdout; undefined when the program never ran. */
  outputFile?: string;
}

const isArgv = (v: unknown): v is string[] =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string');

async function dirs(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

/**
 * Every recording under exec/<namespace>/<pod>/ (ours: --exec-checks; scenario trees: what a
 * live cluster would answer), by "namespace/pod". Files that do not parse are reported in
 * `warnings` and skipped.
 */
export async function loadExecRecordings(
  root: string,
  warnings: string[],
): Promise<Map<string, ExecRecording[]>> {
  const out = new Map<string, ExecRecording[]>();
  const base = join(root, 'exec');
  for (const namespace of await dirs(base)) {
    for (const pod of await dirs(join(base, namespace))) {
      const files = (await readdir(join(base, namespace, pod)).catch(() => [])).sort();
      for (const file of files) {
        const parsed = parseExecPath(`exec/${namespace}/${pod}/${file}`);
        if (!parsed || parsed.file !== 'json') continue;
        const rel = execResultPath(namespace, pod, parsed.check);
        let result: ExecCheckResult;
        try {
          result = JSON.parse(await readFile(join(root, rel), 'utf8')) as ExecCheckResult;
        } catch (error) {
          warnings.push(`${rel}: not valid JSON (${(error as Error).message}); skipped`);
          continue;
        }
        if (!isArgv(result?.argv) || typeof result.container !== 'string') {
          warnings.push(`${rel}: expected an exec check result with argv and container; skipped`);
          continue;
        }
        const output = join(root, execOutputPath(namespace, pod, parsed.check));
        const hasOutput = await stat(output).then(
          (s) => s.isFile(),
          () => false,
        );
        const key = `${namespace}/${pod}`;
        out.set(key, [
          ...(out.get(key) ?? []),
          { result, ...(hasOutput ? { outputFile: output } : {}) },
        ]);
      }
    }
  }
  return out;
}
