import { execOutputPath, execResultPath, type ExecCheckResult } from '@studio-support/schema';
import type { Obj, Scenario } from './scenario.js';

/** What a command printed and how it ended, for `recordExec`. */
export interface ExecAnswer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
  /** The runtime's Status message: the program is not in the image (missing) or failed to run. */
  error?: string;
  missing?: boolean;
}

/**
 * Records what a command run in a pod answers, at the bundle's own exec paths: serve replays
 * it to `kubectl exec` and to the collector's --exec-checks, as a live container would answer.
 * Every text passed in must be real program output (the evidence corpus).
 */
export function recordExec(
  s: Scenario,
  pod: Obj,
  check: { id: string; check: ExecCheckResult['check']; argv: ExecCheckResult['argv'] },
  answer: ExecAnswer,
  container = (pod.spec as { containers: { name: string }[] }).containers[0]!.name,
): void {
  const namespace = pod.metadata.namespace!;
  const name = pod.metadata.name;
  const stdout = answer.stdout ?? '';
  const ran = !answer.missing && answer.error === undefined;
  const result: ExecCheckResult = {
    id: check.id,
    check: check.check,
    namespace,
    pod: name,
    container,
    argv: check.argv,
    exitCode: ran ? (answer.exitCode ?? 0) : null,
    durationMs: 0,
    timedOut: false,
    missing: answer.missing ?? false,
    stdoutBytes: Buffer.byteLength(stdout),
    stderr: answer.stderr ?? '',
    truncated: false,
    ...(answer.error !== undefined ? { error: answer.error } : {}),
  };
  if (!answer.missing) s.file(execOutputPath(namespace, name, check.id), stdout);
  s.file(execResultPath(namespace, name, check.id), `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * The output of `env` in a container, as the kubelet sets its environment: PATH and HOSTNAME,
 * the container's own variables, then the Kubernetes service links of every Service in the
 * namespace (`<NAME>_SERVICE_HOST`, `_PORT`, … for enableServiceLinks: true).
 */
export function envOutput(s: Scenario, pod: Obj, values: Record<string, string>): string {
  const lines = [
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `HOSTNAME=${pod.metadata.name}`,
    ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
  ];
  for (const svc of s
    .all('Service')
    .filter((x) => x.metadata.namespace === pod.metadata.namespace)) {
    const spec = svc.spec as {
      clusterIP: string;
      ports: { name?: string; port: number; protocol?: string }[];
    };
    const prefix = svc.metadata.name.toUpperCase().replace(/-/g, '_');
    const first = spec.ports[0]!;
    lines.push(`${prefix}_SERVICE_HOST=${spec.clusterIP}`, `${prefix}_SERVICE_PORT=${first.port}`);
    for (const p of spec.ports.filter((x) => x.name)) {
      lines.push(`${prefix}_SERVICE_PORT_${p.name!.toUpperCase().replace(/-/g, '_')}=${p.port}`);
    }
    lines.push(`${prefix}_PORT=tcp://${spec.clusterIP}:${first.port}`);
    for (const p of spec.ports) {
      const proto = (p.protocol ?? 'TCP').toLowerCase();
      const key = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      lines.push(`${key}=${proto}://${spec.clusterIP}:${p.port}`, `${key}_PROTO=${proto}`);
      lines.push(`${key}_PORT=${p.port}`, `${key}_ADDR=${spec.clusterIP}`);
    }
  }
  lines.push('HOME=/root');
  return `${lines.join('\n')}\n`;
}
