import { execOutputPath, parseExecPath, type ExecCheckResult } from '@studio-support/schema';
import { componentOf } from './component.js';
import type { FactContext } from './context.js';
import type { Evidence, FactCollection, FactItem } from './types.js';

export const execChecksCollection: FactCollection = {
  name: 'execChecks',
  doc: "The troubleshooting guide's checks run inside a Studio pod (--exec-checks): what each printed and how it ended.",
  fields: {
    namespace: { type: 'string', doc: 'Namespace of the pod.' },
    pod: { type: 'string', doc: 'Pod the check ran in.' },
    component: { type: 'string', doc: "The pod's Studio component (backend, frontend)." },
    container: { type: 'string', doc: 'Container the check ran in.' },
    check: {
      type: 'string',
      doc: 'database, redis, health (curl in the backend), env, backend-health (curl from the frontend to the backend Service), dns.',
    },
    id: {
      type: 'string',
      doc: 'The recording: the check id, or <check>-<program> for a fallback.',
    },
    program: {
      type: 'string',
      doc: 'The program run (python, python3, curl, nslookup, getent, env).',
    },
    ran: { type: 'boolean', doc: 'The program was in the image and started (false: missing).' },
    missing: { type: 'boolean', doc: 'The program is not in the container image.' },
    timedOut: { type: 'boolean', doc: 'Still running at the collector’s --exec-timeout.' },
    exitCode: { type: 'number', doc: 'Exit code, when it finished.' },
    ok: {
      type: 'boolean',
      doc: 'The check passed: "… connection: OK" printed (database, redis), or exit code 0 (and a 2xx status for backend-health).',
    },
    output: {
      type: 'string',
      doc: 'What it printed on stdout (redacted), trimmed, at most 2000 characters.',
    },
    firstLine: {
      type: 'string',
      doc: 'The first line of output that says something (nslookup’s Server/Address header skipped).',
    },
    status: { type: 'number', doc: 'backend-health: the HTTP status of the answer.' },
    error: {
      type: 'string',
      doc: "Why it did not pass: the runtime's message (missing program), the first line of stderr, or the timeout.",
    },
  },
};

const passes: Record<string, (r: ExecCheckResult, out: string) => boolean> = {
  database: (r, out) => r.exitCode === 0 && /^Database connection: OK$/m.test(out),
  redis: (r, out) => r.exitCode === 0 && /^Redis connection: OK$/m.test(out),
};

/** The first line that says something: what the report quotes. */
function headline(text: string): { line: number; text: string } | undefined {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /\S/.test(l) && !/^(Server|Address):/.test(l));
  return i === -1 ? undefined : { line: i + 1, text: lines[i]!.trim() };
}

export function buildExecChecks(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const path of [...ctx.bundle.files.keys()].sort()) {
    const parsed = parseExecPath(path);
    if (!parsed || parsed.file !== 'json' || !ctx.namespaces.includes(parsed.namespace)) continue;
    const r = ctx.json(path) as ExecCheckResult | undefined;
    if (!r || !Array.isArray(r.argv)) continue;
    const txtPath = execOutputPath(parsed.namespace, parsed.pod, parsed.check);
    const stdout = ctx.text(txtPath) ?? '';
    const status = Number(/^HTTP\/[\d.]+ (\d{3})/m.exec(stdout)?.[1] ?? NaN);
    const ran = !r.missing && r.error === undefined;
    const finished = ran && !r.timedOut && r.exitCode !== null;
    const pass = passes[r.check];
    const ok =
      finished &&
      (pass
        ? pass(r, stdout)
        : r.exitCode === 0 && (r.check !== 'backend-health' || (status >= 200 && status < 300)));
    const error = r.timedOut
      ? 'still running at the collector’s --exec-timeout'
      : (r.error ?? (r.stderr.trim().split('\n')[0] || undefined));
    const head = headline(stdout);
    const evidence: Evidence[] = head
      ? [{ path: txtPath, line: head.line, excerpt: head.text }]
      : [
          {
            path,
            excerpt: `${r.argv[0]} in ${r.pod}: ${r.missing ? 'not in the image' : r.timedOut ? 'timed out' : `exit code ${String(r.exitCode)}`}${error ? `: ${error}` : ''}`,
          },
        ];
    out.push({
      namespace: r.namespace,
      pod: r.pod,
      component: componentOf({}, r.pod),
      container: r.container,
      check: r.check,
      id: parsed.check,
      program: r.argv[0],
      ran,
      missing: r.missing,
      timedOut: r.timedOut,
      exitCode: r.exitCode ?? undefined,
      ok,
      output: stdout.trim().slice(0, 2000),
      firstLine: head?.text,
      status: Number.isNaN(status) ? undefined : status,
      error: ok ? undefined : error,
      evidence,
    });
  }
  return out;
}
