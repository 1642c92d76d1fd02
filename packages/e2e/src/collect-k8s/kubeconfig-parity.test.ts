import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolveConnection } from '@studio-support/collector';
import { afterEach, describe, expect, it } from 'vitest';
import { kubectlPath } from '../kubectl.js';
import { tempDir } from './helpers.js';

const run = promisify(execFile);
let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

const b64 = (s: string): string => Buffer.from(s).toString('base64');

interface Minified {
  clusters: { cluster: Record<string, unknown> }[];
  users: { user: Record<string, unknown> }[];
  contexts: { name: string }[];
}

/**
 * The collector reads kubeconfigs itself (no client-node); the real kubectl is the referee:
 * for merged KUBECONFIG files, relative certificate paths and --context, both must pick the
 * same server, CA, credentials and TLS settings.
 */
describe('kubeconfig resolution matches kubectl config view --minify --flatten', () => {
  it.each(['', 'prod', 'dev', 'certs'])('context %j', async (context) => {
    const t = await tempDir('kubeconfig-parity-');
    cleanup = t.cleanup;
    const dir = t.dir;
    await mkdir(join(dir, 'certs'));
    await writeFile(join(dir, 'certs', 'ca.pem'), 'CA FROM FILE\n');
    await writeFile(join(dir, 'certs', 'client.pem'), 'CLIENT CERT\n');
    await writeFile(join(dir, 'certs', 'client.key'), 'CLIENT KEY\n');
    // The first file wins for current-context and for the cluster both files define.
    const first = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'dev',
      clusters: [
        {
          name: 'dev-cluster',
          cluster: { server: 'https://first.example:6443', 'insecure-skip-tls-verify': true },
        },
      ],
    };
    const second = {
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'prod',
      contexts: [
        {
          name: 'prod',
          context: { cluster: 'prod-cluster', user: 'prod-user', namespace: 'studio' },
        },
        { name: 'dev', context: { cluster: 'dev-cluster', user: 'dev-user' } },
        { name: 'certs', context: { cluster: 'file-cluster', user: 'cert-user' } },
      ],
      clusters: [
        {
          name: 'prod-cluster',
          cluster: {
            server: 'https://prod.example:443',
            'certificate-authority-data': b64('PROD CA'),
            'tls-server-name': 'api.prod',
          },
        },
        { name: 'dev-cluster', cluster: { server: 'https://second.example:6443' } },
        {
          name: 'file-cluster',
          cluster: {
            server: 'https://files.example:6443',
            'certificate-authority': 'certs/ca.pem',
          },
        },
      ],
      users: [
        { name: 'prod-user', user: { token: 'prod-token' } },
        { name: 'dev-user', user: { username: 'admin', password: 'dev-password' } },
        {
          name: 'cert-user',
          user: { 'client-certificate': 'certs/client.pem', 'client-key': 'certs/client.key' },
        },
      ],
    };
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    await writeFile(a, JSON.stringify(first));
    await writeFile(b, JSON.stringify(second));
    const env = { KUBECONFIG: `${a}:${b}`, HOME: dir, PATH: process.env.PATH };
    const args = [
      'config',
      'view',
      '--minify',
      '--flatten',
      '--raw',
      '-o',
      'json',
      ...(context ? ['--context', context] : []),
    ];
    const { stdout } = await run(await kubectlPath('newest'), args, { env, timeout: 30_000 });
    const view = JSON.parse(stdout) as Minified;
    const cluster = view.clusters[0]!.cluster;
    const user = view.users[0]!.user;

    const ours = await resolveConnection({ env, home: dir, ...(context ? { context } : {}) });
    expect(ours.context).toBe(view.contexts[0]!.name);
    expect(ours.server).toBe(cluster.server);
    expect(ours.insecureSkipTlsVerify).toBe(cluster['insecure-skip-tls-verify'] === true);
    expect(ours.tlsServerName).toBe(cluster['tls-server-name']);
    expect(ours.ca?.toString('base64')).toBe(cluster['certificate-authority-data']);
    expect(ours.clientCert?.toString('base64')).toBe(user['client-certificate-data']);
    expect(ours.clientKey?.toString('base64')).toBe(user['client-key-data']);
    const auth = ours.auth;
    expect(auth.kind === 'token' ? auth.token : undefined).toBe(user.token);
    expect(auth.kind === 'basic' ? [auth.username, auth.password] : undefined).toEqual(
      user.username === undefined ? undefined : [user.username, user.password],
    );
  });
});
