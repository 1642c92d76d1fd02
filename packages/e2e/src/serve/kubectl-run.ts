import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubectlPath, type KubectlPin } from '../kubectl.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the pinned kubectl with only the kubeconfig given (never the user's) and a private
 * HOME, so its discovery cache stays out of ~/.kube; every run has a deadline.
 */
export class Kubectl {
  private constructor(
    private readonly binary: string,
    private readonly home: string,
  ) {}

  static async create(pin: KubectlPin): Promise<Kubectl> {
    return new Kubectl(await kubectlPath(pin), await mkdtemp(join(tmpdir(), 'kubectl-home-')));
  }

  run(kubeconfig: string, args: string[], timeoutMs = 30_000): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(
        this.binary,
        args,
        {
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: this.home,
            KUBECONFIG: kubeconfig,
          },
          timeout: timeoutMs,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      // kubectl prompts for a username on 401 without credentials; never let it wait.
      child.stdin?.end();
    });
  }
}

/**
 * Splits kubectl's human-readable tables (several, separated by blank lines, as
 * `get a,b,c` prints them) into rows keyed by column header. Cells are cut at the header
 * positions, since tabwriter aligns every cell under its header.
 */
export function parseTables(text: string): Record<string, string>[][] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.split('\n').filter((l) => l.trim() !== ''))
    .filter((lines) => lines.length > 0)
    .map(([header, ...rows]) => {
      const starts = [...header!.matchAll(/\S+(?: \S+)*/g)].map((m) => ({
        name: m[0],
        at: m.index,
      }));
      return rows.map((line) =>
        Object.fromEntries(
          starts.map((c, i) => [c.name, line.slice(c.at, starts[i + 1]?.at ?? line.length).trim()]),
        ),
      );
    });
}

export function parseTable(text: string): Record<string, string>[] {
  return parseTables(text)[0] ?? [];
}
