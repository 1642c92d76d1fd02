import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

/**
 * Where the cluster is and how to authenticate, resolved the way kubectl does it:
 * --kubeconfig, else the files in KUBECONFIG (merged, first definition wins), else
 * ~/.kube/config, else the in-cluster service account. Never a silent localhost:8080.
 *
 * Parsed here with `yaml` rather than @kubernetes/client-node's KubeConfig: importing that
 * class loads the whole generated API (~116 MB RSS), more than half the collector's memory
 * budget, for a file format this small. The e2e suite checks the result against the real
 * kubectl's `config view --minify --flatten`.
 */
export interface Connection {
  /** API server base URL without a trailing slash. */
  server: string;
  /** The kubeconfig context used; undefined in-cluster. */
  context?: string;
  /** The user entry used; undefined in-cluster. */
  user?: string;
  /** For messages: "kubeconfig /root/.kube/config" or "in-cluster service account". */
  source: string;
  /** PEM of the CA bundle that signs the server's certificate; undefined → system CAs. */
  ca?: Buffer;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  clientCert?: Buffer;
  clientKey?: Buffer;
  auth: Auth;
}

export type Auth =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'exec'; exec: ExecConfig };

/** A client-go credential plugin (users[].user.exec), e.g. aws eks get-token. */
export interface ExecConfig {
  command: string;
  args: string[];
  env: { name: string; value: string }[];
  apiVersion: string;
  /** Directory relative commands are resolved against (the kubeconfig's). */
  dir: string;
  installHint?: string;
}

/** A configuration problem: printed as one line, exit 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface ResolveOptions {
  /** --kubeconfig */
  kubeconfig?: string;
  /** --context */
  context?: string;
  env?: NodeJS.ProcessEnv;
  /** Home directory for ~/.kube/config. */
  home?: string;
  /** Where a pod's service account is mounted. */
  serviceAccountDir?: string;
}

export const defaultServiceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

export async function resolveConnection(options: ResolveOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  if (options.kubeconfig !== undefined) {
    const file = resolve(options.kubeconfig);
    if (!existsSync(file)) throw new ConfigError(`--kubeconfig ${file}: no such file`);
    return fromFiles([file], options.context);
  }
  const list = env.KUBECONFIG;
  if (list !== undefined && list !== '') {
    const files = list.split(delimiter).filter((f) => f !== '');
    const present = files.map((f) => resolve(f)).filter((f) => existsSync(f));
    if (present.length === 0) {
      throw new ConfigError(`KUBECONFIG=${list}: no such file; expected a kubeconfig path`);
    }
    return fromFiles(present, options.context);
  }
  const home = join(options.home ?? homedir(), '.kube', 'config');
  if (existsSync(home)) return fromFiles([home], options.context);
  const saDir = options.serviceAccountDir ?? defaultServiceAccountDir;
  if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT) {
    return inCluster(env.KUBERNETES_SERVICE_HOST, env.KUBERNETES_SERVICE_PORT, saDir);
  }
  throw new ConfigError(
    `no Kubernetes configuration found: --kubeconfig not given, KUBECONFIG not set, ${home} does not exist, and not running in a cluster (KUBERNETES_SERVICE_HOST unset)`,
  );
}

async function inCluster(host: string, port: string, saDir: string): Promise<Connection> {
  const tokenFile = join(saDir, 'token');
  if (!existsSync(tokenFile)) {
    throw new ConfigError(
      `in-cluster configuration: KUBERNETES_SERVICE_HOST is set but ${tokenFile} does not exist; expected a mounted service account token`,
    );
  }
  const caFile = join(saDir, 'ca.crt');
  const h = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${h}:${port}`,
    source: 'in-cluster service account',
    ...(existsSync(caFile) ? { ca: await readFile(caFile) } : {}),
    insecureSkipTlsVerify: false,
    auth: { kind: 'token', token: (await readFile(tokenFile, 'utf8')).trim() },
  };
}

/** One named entry of a kubeconfig list, with the file that defined it. */
interface Entry {
  name: string;
  body: Record<string, unknown>;
  file: string;
}

interface Merged {
  currentContext?: string;
  contexts: Map<string, Entry>;
  clusters: Map<string, Entry>;
  users: Map<string, Entry>;
}

async function fromFiles(files: string[], contextFlag?: string): Promise<Connection> {
  const merged: Merged = { contexts: new Map(), clusters: new Map(), users: new Map() };
  for (const file of files) await mergeFile(merged, file);
  const where = `kubeconfig ${files.join(delimiter)}`;
  const names = (m: Map<string, Entry>): string => [...m.keys()].join(', ') || 'none';
  const contextName = contextFlag ?? merged.currentContext;
  if (contextName === undefined || contextName === '') {
    throw new ConfigError(
      `${where}: no current-context set; expected --context NAME (contexts: ${names(merged.contexts)})`,
    );
  }
  const context = merged.contexts.get(contextName);
  if (!context) {
    throw new ConfigError(
      `${where}: context "${contextName}" not found (contexts: ${names(merged.contexts)})`,
    );
  }
  const clusterName = str(context.body.cluster);
  const cluster = clusterName === undefined ? undefined : merged.clusters.get(clusterName);
  if (!cluster) {
    throw new ConfigError(
      `${where}: context "${contextName}" names cluster "${clusterName ?? ''}", which is not defined (clusters: ${names(merged.clusters)})`,
    );
  }
  const userName = str(context.body.user);
  const user = userName === undefined || userName === '' ? undefined : merged.users.get(userName);
  if (userName && !user) {
    throw new ConfigError(
      `${where}: context "${contextName}" names user "${userName}", which is not defined (users: ${names(merged.users)})`,
    );
  }
  const c = cluster.body;
  const at = `${cluster.file}: cluster "${cluster.name}"`;
  const rawServer = str(c.server);
  if (!rawServer) throw new ConfigError(`${at}: no server; expected https://HOST:PORT`);
  const server = normalizeServer(rawServer, at);
  const ca = await bytes(c, 'certificate-authority', cluster.file, at);
  const u = user?.body ?? {};
  const uat = user ? `${user.file}: user "${user.name}"` : at;
  const clientCert = await bytes(u, 'client-certificate', user?.file ?? '', uat);
  const clientKey = await bytes(u, 'client-key', user?.file ?? '', uat);
  if ((clientCert === undefined) !== (clientKey === undefined)) {
    throw new ConfigError(
      `${uat}: expected both client-certificate and client-key, got only one of them`,
    );
  }
  return {
    server,
    context: contextName,
    ...(userName ? { user: userName } : {}),
    source: `kubeconfig ${cluster.file}`,
    ...(ca ? { ca } : {}),
    insecureSkipTlsVerify: c['insecure-skip-tls-verify'] === true,
    ...(str(c['tls-server-name']) ? { tlsServerName: str(c['tls-server-name'])! } : {}),
    ...(clientCert ? { clientCert } : {}),
    ...(clientKey ? { clientKey } : {}),
    auth: user ? await authOf(user, uat) : { kind: 'none' },
  };
}

async function mergeFile(merged: Merged, file: string): Promise<void> {
  let doc: unknown;
  try {
    doc = parseYaml(await readFile(file, 'utf8'));
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new ConfigError(`kubeconfig ${file}: not valid YAML: ${first}`);
  }
  if (doc === null || doc === undefined) return; // an empty file is an empty config
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(
      `kubeconfig ${file}: expected a mapping (kind: Config), got ${kindOf(doc)}`,
    );
  }
  const d = doc as Record<string, unknown>;
  const current = str(d['current-context']);
  if (merged.currentContext === undefined && current) merged.currentContext = current;
  for (const [list, inner, target] of [
    ['contexts', 'context', merged.contexts],
    ['clusters', 'cluster', merged.clusters],
    ['users', 'user', merged.users],
  ] as const) {
    const items = d[list] ?? [];
    if (!Array.isArray(items)) {
      throw new ConfigError(`kubeconfig ${file}: ${list}: expected a list, got ${kindOf(items)}`);
    }
    for (const [i, item] of items.entries()) {
      const it = (item ?? {}) as Record<string, unknown>;
      const name = str(it.name);
      if (!name) throw new ConfigError(`kubeconfig ${file}: ${list}[${i}]: missing name`);
      const body = it[inner] ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) {
        throw new ConfigError(
          `kubeconfig ${file}: ${list}[${i}].${inner}: expected a mapping, got ${kindOf(body)}`,
        );
      }
      // kubectl's merge: the first file that defines a name wins.
      if (!target.has(name))
        target.set(name, { name, body: body as Record<string, unknown>, file });
    }
  }
}

async function authOf(user: Entry, at: string): Promise<Auth> {
  const u = user.body;
  const token = str(u.token);
  if (token) return { kind: 'token', token };
  const tokenFile = str(u.tokenFile);
  if (tokenFile) {
    const path = resolve(dirname(user.file), tokenFile);
    try {
      return { kind: 'token', token: (await readFile(path, 'utf8')).trim() };
    } catch {
      throw new ConfigError(`${at}: tokenFile ${path}: cannot be read`);
    }
  }
  const username = str(u.username);
  if (username) return { kind: 'basic', username, password: str(u.password) ?? '' };
  if (u.exec !== undefined && u.exec !== null) {
    const e = u.exec as Record<string, unknown>;
    const command = str(e.command);
    if (!command) throw new ConfigError(`${at}: exec: missing command`);
    const env = Array.isArray(e.env) ? (e.env as Record<string, unknown>[]) : [];
    return {
      kind: 'exec',
      exec: {
        command,
        args: Array.isArray(e.args) ? e.args.map(String) : [],
        env: env.map((v) => ({ name: String(v.name), value: String(v.value ?? '') })),
        apiVersion: str(e.apiVersion) ?? 'client.authentication.k8s.io/v1',
        dir: dirname(user.file),
        ...(str(e.installHint) ? { installHint: str(e.installHint)! } : {}),
      },
    };
  }
  const provider = u['auth-provider'] as Record<string, unknown> | undefined;
  if (provider) {
    // Legacy plugins (removed from kubectl in 1.26): use a token they cached, if any.
    const config = (provider.config ?? {}) as Record<string, unknown>;
    const cached = str(config['id-token']) ?? str(config['access-token']);
    if (cached) return { kind: 'token', token: cached };
    throw new ConfigError(
      `${at}: auth-provider "${str(provider.name) ?? ''}" holds no cached token; expected an exec credential plugin (kubectl 1.26+ no longer supports auth-provider)`,
    );
  }
  return { kind: 'none' };
}

/** `X` (a path, relative to the kubeconfig) or `X-data` (base64), as bytes. */
async function bytes(
  body: Record<string, unknown>,
  key: string,
  file: string,
  at: string,
): Promise<Buffer | undefined> {
  const data = str(body[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const path = str(body[key]);
  if (!path) return undefined;
  const abs = resolve(dirname(file), path);
  try {
    return await readFile(abs);
  } catch {
    throw new ConfigError(`${at}: ${key} ${abs}: no such file`);
  }
}

function normalizeServer(raw: string, at: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError(`${at}: server: expected https://HOST:PORT, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${at}: server: expected https://HOST:PORT, got ${JSON.stringify(raw)}`);
  }
  // As written (kubectl shows it so, :443 included); only a trailing slash goes.
  return withScheme.replace(/\/+$/, '');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function kindOf(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v === null ? 'null' : `a ${typeof v}`;
}
