import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { ConfigError, type ExecConfig } from './kubeconfig.js';

export interface ExecCredential {
  token?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
  expiresAt?: Date;
}

/**
 * Runs a client-go credential plugin (aws eks get-token, gke-gcloud-auth-plugin, kubelogin)
 * non-interactively, with a deadline, and reads its ExecCredential. Failures are
 * configuration errors: one line, and the plugin's stderr head says why.
 */
export function runExecCredential(
  exec: ExecConfig,
  server: string,
  timeoutMs: number,
): Promise<ExecCredential> {
  // A command with a slash is relative to the kubeconfig, as in kubectl; a bare name uses PATH.
  const command =
    exec.command.includes('/') && !isAbsolute(exec.command)
      ? resolve(exec.dir, exec.command)
      : exec.command;
  const info = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: { interactive: false, cluster: { server } },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const { name, value } of exec.env) env[name] = value;
  const what = `exec credential plugin "${exec.command}"`;
  return new Promise((done, fail) => {
    execFile(
      command,
      exec.args,
      { env, timeout: timeoutMs, maxBuffer: 1 << 20, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        if (error) {
          const e = error as NodeJS.ErrnoException & { killed?: boolean };
          const head = stderr.trim().split('\n')[0]?.slice(0, 300) ?? '';
          if (e.code === 'ENOENT') {
            return fail(
              new ConfigError(
                `${what}: not found on PATH${exec.installHint ? ` (${exec.installHint.trim().split('\n')[0]})` : ''}`,
              ),
            );
          }
          if (e.killed) return fail(new ConfigError(`${what}: no answer within ${timeoutMs} ms`));
          return fail(
            new ConfigError(`${what}: exited ${String(e.code)}${head ? `: ${head}` : ''}`),
          );
        }
        let cred: {
          status?: {
            token?: string;
            clientCertificateData?: string;
            clientKeyData?: string;
            expirationTimestamp?: string;
          };
        };
        try {
          cred = JSON.parse(stdout) as typeof cred;
        } catch {
          // The parser's message quotes the output, which may hold a token: not repeated.
          return fail(
            new ConfigError(
              `${what}: expected an ExecCredential JSON on stdout, got ${stdout.length} bytes of something else`,
            ),
          );
        }
        const s = cred.status ?? {};
        if (!s.token && !(s.clientCertificateData && s.clientKeyData)) {
          return fail(
            new ConfigError(
              `${what}: expected status.token or status.clientCertificateData/clientKeyData in its ExecCredential, got neither`,
            ),
          );
        }
        done({
          ...(s.token ? { token: s.token } : {}),
          ...(s.clientCertificateData ? { clientCert: Buffer.from(s.clientCertificateData) } : {}),
          ...(s.clientKeyData ? { clientKey: Buffer.from(s.clientKeyData) } : {}),
          ...(s.expirationTimestamp ? { expiresAt: new Date(s.expirationTimestamp) } : {}),
        });
      },
    );
  });
}
