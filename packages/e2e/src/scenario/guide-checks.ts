import { backendChecks, frontendChecks } from '@studio-support/collector';
import { evidence, fill } from '../evidence/index.js';
import { envOutput, recordExec, type ExecAnswer } from './exec.js';
import type { Obj, Scenario } from './scenario.js';

/** What each check answers; unset: what a healthy Studio answers. */
export interface GuideCheckAnswers {
  database?: ExecAnswer;
  redis?: ExecAnswer;
  health?: ExecAnswer;
  backendHealth?: ExecAnswer;
  dns?: ExecAnswer;
  /** The backend's environment as `env` prints it. */
  env?: Record<string, string>;
  /** The frontend image has nslookup (default: no, so getent answers). */
  nslookup?: boolean;
  /** The backend image has `python` (default: no, so python3 answers). */
  python?: boolean;
}

/** The containerd runtime's answer for a program missing from the image. */
export function notInImage(program: string): ExecAnswer {
  return { missing: true, error: fill(evidence.containerRuntime.execNotFound, { program }) };
}

const byId = (id: string, checks: readonly (typeof backendChecks)[number][]) => {
  const c = checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};

/**
 * Records what the pods answer to every check `studio-collect --exec-checks` runs (the
 * collector's own check list, so the argv match), every text from the evidence corpus. The
 * collector picks the first Ready backend and frontend pod by name: pass those.
 */
export function recordGuideChecks(
  s: Scenario,
  pods: { backend: Obj; frontend: Obj; backendService: string; dnsServer: string },
  answers: GuideCheckAnswers = {},
): void {
  const { backend, frontend, backendService } = pods;
  const namespace = backend.metadata.namespace!;
  for (const [id, answer, ok] of [
    ['database', answers.database, evidence.guideDatabaseCheck.ok.text],
    ['redis', answers.redis, evidence.guideRedisCheck.ok.text],
  ] as const) {
    const check = byId(id, backendChecks);
    const reply = answer ?? { stdout: `${ok}\n` };
    if (answers.python) {
      recordExec(s, backend, check, reply);
    } else {
      recordExec(s, backend, check, notInImage('python'));
      recordExec(s, backend, { ...check, id: `${id}-python3`, argv: check.fallback! }, reply);
    }
  }
  recordExec(
    s,
    backend,
    byId('health', backendChecks),
    answers.health ?? { stdout: evidence.curlHealth.ok.text },
  );
  recordExec(s, backend, byId('env', backendChecks), {
    stdout: envOutput(s, backend, answers.env ?? {}),
  });

  const front = frontendChecks(namespace, backendService);
  const date = new Date(s.clock.now).toUTCString();
  recordExec(
    s,
    frontend,
    byId('backend-health', front),
    answers.backendHealth ?? {
      stdout: `${fill(evidence.curlHealth.headOk, { date })}\n\n`.replace(/\n/g, '\r\n'),
    },
  );
  const dns = byId('dns', front);
  const fqdn = dns.argv[1]!;
  const service = s.find('Service', namespace, backendService);
  const address = (service?.spec as { clusterIP?: string } | undefined)?.clusterIP ?? '';
  if (answers.nslookup) {
    recordExec(
      s,
      frontend,
      dns,
      answers.dns ?? {
        stdout: `${fill(evidence.nslookup.ok, { server: pods.dnsServer, port: '53', name: fqdn, address })}\n`,
      },
    );
  } else {
    recordExec(s, frontend, dns, notInImage('nslookup'));
    recordExec(
      s,
      frontend,
      { ...dns, id: 'dns-getent', argv: dns.fallback! },
      answers.dns ?? { stdout: `${fill(evidence.getent.ok, { address, name: fqdn })}\n` },
    );
  }
}
