import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runExecCredential } from './exec-credential.js';
import { ConfigError, resolveConnection } from './kubeconfig.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubeconfig-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function kubeconfig(o: {
  current?: string;
  contexts?: [string, string, string][];
  clusters?: [string, Record<string, unknown>][];
  users?: [string, Record<string, unknown>][];
}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    ...(o.current !== undefined ? { 'current-context': o.current } : {}),
    contexts: (o.contexts ?? []).map(([name, cluster, user]) => ({
      name,
      context: { cluster, user },
    })),
    clusters: (o.clusters ?? []).map(([name, cluster]) => ({ name, cluster })),
    users: (o.users ?? []).map(([name, user]) => ({ name, user })),
  });
}

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
  return path;
}

const simple = kubeconfig({
  current: 'prod',
  contexts: [
    ['prod', 'c1', 'u1'],
    ['dev', 'c2', 'u2'],
  ],
  clusters: [
    ['c1', { server: 'https://10.0.0.1:6443', 'certificate-authority-data': b64('CA1') }],
    ['c2', { server: 'https://dev:6443', 'insecure-skip-tls-verify': true }],
  ],
  users: [
    ['u1', { token: 'token-1' }],
    ['u2', { username: 'admin', password: 'pw' }],
  ],
});

const none = { env: {}, home: '/nonexistent-home', serviceAccountDir: '/nonexistent-sa' };

describe('resolveConnection: where the configuration comes from', () => {
  it('takes --kubeconfig first, with its current context', async () => {
    const path = await file('a.yaml', simple);
    const c = await resolveConnection({ ...none, kubeconfig: path, env: { KUBECONFIG: '/x' } });
    expect(c).toMatchObject({
      server: 'https://10.0.0.1:6443',
      context: 'prod',
      user: 'u1',
      source: `kubeconfig ${path}`,
      auth: { kind: 'token', token: 'token-1' },
    });
    expect(c.ca?.toString()).toBe('CA1');
  });

  it('then KUBECONFIG, merging files like kubectl: the first definition wins', async () => {
    const a = await file(
      'a.yaml',
      kubeconfig({
        current: 'dev',
        clusters: [['c2', { server: 'https://first:6443' }]],
      }),
    );
    const b = await file('b.yaml', simple);
    const c = await resolveConnection({ ...none, env: { KUBECONFIG: `${a}:/missing.yaml:${b}` } });
    expect(c).toMatchObject({
      server: 'https://first:6443',
      context: 'dev',
      auth: { kind: 'basic', username: 'admin', password: 'pw' },
    });
  });

  it('then ~/.kube/config, with --context choosing another context', async () => {
    await file('home/.kube/config', simple);
    const c = await resolveConnection({ ...none, home: join(dir, 'home'), context: 'dev' });
    expect(c).toMatchObject({ server: 'https://dev:6443', insecureSkipTlsVerify: true });
  });

  it('then the in-cluster service account', async () => {
    await file('sa/token', 'sa-token\n');
    await file('sa/ca.crt', 'CA');
    const c = await resolveConnection({
      ...none,
      env: { KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir: join(dir, 'sa'),
    });
    expect(c).toMatchObject({
      server: 'https://10.96.0.1:443',
      source: 'in-cluster service account',
      auth: { kind: 'token', token: 'sa-token' },
    });
    expect(c.context).toBeUndefined();
  });

  it('never falls back to localhost:8080: no configuration is one clear error', async () => {
    await expect(resolveConnection(none)).rejects.toThrow(
      new ConfigError(
        'no Kubernetes configuration found: --kubeconfig not given, KUBECONFIG not set, /nonexistent-home/.kube/config does not exist, and not running in a cluster (KUBERNETES_SERVICE_HOST unset)',
      ),
    );
  });

  it('resolves certificate and token files relative to the kubeconfig that names them', async () => {
    await file('certs/ca.pem', 'CA-FROM-FILE');
    await file('certs/client.pem', 'CERT');
    await file('certs/client.key', 'KEY');
    await file('certs/token', 'file-token\n');
    const path = await file(
      'cfg/config',
      kubeconfig({
        current: 'x',
        contexts: [['x', 'c', 'u']],
        clusters: [
          ['c', { server: 'kube.example:6443', 'certificate-authority': '../certs/ca.pem' }],
        ],
        users: [
          [
            'u',
            {
              'client-certificate': '../certs/client.pem',
              'client-key': '../certs/client.key',
              tokenFile: '../certs/token',
            },
          ],
        ],
      }),
    );
    const c = await resolveConnection({ ...none, kubeconfig: path });
    expect(c.server).toBe('https://kube.example:6443');
    expect(c.ca?.toString()).toBe('CA-FROM-FILE');
    expect(c.clientCert?.toString()).toBe('CERT');
    expect(c.clientKey?.toString()).toBe('KEY');
    expect(c.auth).toEqual({ kind: 'token', token: 'file-token' });
  });
});

describe('resolveConnection: one clear line per problem', () => {
  it.each([
    [{ current: '' }, /no current-context set; expected --context NAME \(contexts: prod, dev\)/],
    [{ context: 'stage' }, /context "stage" not found \(contexts: prod, dev\)/],
  ])('%j', async (o, message) => {
    const path = await file(
      'a.yaml',
      simple.replace('"current-context":"prod"', '"current-context":""'),
    );
    const options = {
      ...none,
      kubeconfig: path,
      ...('context' in o ? { context: o.context } : {}),
    };
    await expect(resolveConnection(options)).rejects.toThrow(message);
  });

  it('names a missing --kubeconfig file, an unset KUBECONFIG list, bad YAML and a missing cluster', async () => {
    await expect(resolveConnection({ ...none, kubeconfig: join(dir, 'nope') })).rejects.toThrow(
      `--kubeconfig ${join(dir, 'nope')}: no such file`,
    );
    await expect(resolveConnection({ ...none, env: { KUBECONFIG: '/a:/b' } })).rejects.toThrow(
      'KUBECONFIG=/a:/b: no such file; expected a kubeconfig path',
    );
    const bad = await file('bad.yaml', 'clusters: [\n');
    await expect(resolveConnection({ ...none, kubeconfig: bad })).rejects.toThrow(
      new RegExp(`^kubeconfig ${bad}: not valid YAML: `),
    );
    const orphan = await file(
      'orphan.yaml',
      kubeconfig({ current: 'x', contexts: [['x', 'gone', 'u']], clusters: [] }),
    );
    await expect(resolveConnection({ ...none, kubeconfig: orphan })).rejects.toThrow(
      `kubeconfig ${orphan}: context "x" names cluster "gone", which is not defined (clusters: none)`,
    );
  });
});

describe('exec credential plugins', () => {
  it('runs the plugin with KUBERNETES_EXEC_INFO and its env, and reads its token', async () => {
    const plugin = await file(
      'plugin.js',
      `#!${process.execPath}\nconst info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);\n` +
        `process.stdout.write(JSON.stringify({ kind: 'ExecCredential', status: { token: process.env.PREFIX + info.spec.cluster.server } }));\n`,
    );
    await chmod(plugin, 0o755);
    const path = await file(
      'exec.yaml',
      kubeconfig({
        current: 'x',
        contexts: [['x', 'c', 'u']],
        clusters: [['c', { server: 'https://k:6443' }]],
        users: [
          ['u', { exec: { command: './plugin.js', env: [{ name: 'PREFIX', value: 'tok-' }] } }],
        ],
      }),
    );
    const c = await resolveConnection({ ...none, kubeconfig: path });
    expect(c.auth.kind).toBe('exec');
    if (c.auth.kind !== 'exec') return;
    await expect(runExecCredential(c.auth.exec, c.server, 5000)).resolves.toEqual({
      token: 'tok-https://k:6443',
    });
  });

  it('says when the plugin is missing or fails, without repeating its output', async () => {
    const exec = { args: [], env: [], apiVersion: 'client.authentication.k8s.io/v1', dir };
    await expect(
      runExecCredential({ ...exec, command: 'no-such-plugin-xyz' }, 'https://k', 5000),
    ).rejects.toThrow('exec credential plugin "no-such-plugin-xyz": not found on PATH');
    await expect(
      runExecCredential(
        { ...exec, command: process.execPath, args: ['-e', 'console.log("secret-ish")'] },
        'https://k',
        5000,
      ),
    ).rejects.toThrow(/expected an ExecCredential JSON on stdout, got 11 bytes of something else$/);
  });
});
