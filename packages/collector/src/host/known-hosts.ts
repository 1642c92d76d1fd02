import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HostAccessError } from './errors.js';

/**
 * known_hosts as OpenSSH reads it (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): plain and
 * hashed (`|1|salt|hmac`) host patterns, `[host]:port` for non-standard ports, `*`/`?`
 * wildcards, `!` negation and `@revoked` markers. `@cert-authority` lines are skipped:
 * ssh2 does not verify host certificates.
 */
export interface KnownKey {
  file: string;
  line: number;
  /** Key type as written, e.g. ssh-ed25519. */
  type: string;
  /** The public key blob (SSH wire format). */
  key: Buffer;
  revoked: boolean;
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Every key the files list for `name`, in file order (missing files are empty). */
export async function knownKeysFor(files: readonly string[], name: string): Promise<KnownKey[]> {
  const out: KnownKey[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new HostAccessError(
        `known_hosts ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a readable file`,
        { cause: error },
      );
    }
    text.split('\n').forEach((raw, index) => {
      const entry = parseLine(raw);
      if (entry && hostsMatch(entry.hosts, name)) {
        out.push({
          file,
          line: index + 1,
          type: entry.type,
          key: entry.key,
          revoked: entry.revoked,
        });
      }
    });
  }
  return out;
}

interface Entry {
  hosts: string[];
  type: string;
  key: Buffer;
  revoked: boolean;
}

function parseLine(raw: string): Entry | undefined {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return undefined;
  const fields = line.split(/\s+/);
  let revoked = false;
  if (fields[0]?.startsWith('@')) {
    const marker = fields.shift();
    if (marker === '@cert-authority') return undefined;
    if (marker !== '@revoked') return undefined;
    revoked = true;
  }
  const [hosts, type, base64] = fields;
  if (!hosts || !type || !base64) return undefined;
  const key = Buffer.from(base64, 'base64');
  if (key.length === 0) return undefined;
  return { hosts: hosts.split(','), type, key, revoked };
}

/** OpenSSH semantics: a negated match vetoes the line; otherwise any positive match wins. */
function hostsMatch(patterns: readonly string[], name: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('|1|')) {
      if (hashedMatch(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (globMatch(pattern.slice(1), name)) return false;
    } else if (globMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

function globMatch(pattern: string, name: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}

/** `SHA256:…` as OpenSSH prints fingerprints (base64 without padding). */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string). */
export function keyType(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const len = key.readUInt32BE(0);
  return key.subarray(4, 4 + len).toString('latin1');
}

/** ED25519, RSA, ECDSA, as OpenSSH names key types in its messages. */
export function keyTypeLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519';
  if (type === 'ssh-rsa') return 'RSA';
  if (type.startsWith('ecdsa-')) return 'ECDSA';
  return type;
}

/** Appends a key the way `StrictHostKeyChecking accept-new` does, creating ~/.ssh if needed. */
export async function addKnownHost(file: string, name: string, key: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await appendFile(file, `${name} ${keyType(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

/** Host key signature algorithms a key type can be negotiated with (RSA has three). */
export function algorithmsForKeyType(type: string): string[] {
  if (type === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [type];
}

export type HostKeyVerdict =
  | { ok: true; added: boolean }
  | { ok: false; reason: 'changed' | 'unknown' | 'revoked'; message: string };

/**
 * Decides on the key a server presented, like OpenSSH with StrictHostKeyChecking=yes (or
 * accept-new with `acceptNew`): a listed key matches; a revoked key, or a host whose listed
 * keys all differ, is refused (a changed key is refused even with accept-new); an unlisted
 * host is refused unless `acceptNew`, which appends it to `writeTo`.
 */
export async function verifyHostKey(options: {
  name: string;
  key: Buffer;
  known: readonly KnownKey[];
  acceptNew: boolean;
  writeTo: string;
}): Promise<HostKeyVerdict> {
  const { name, key, known } = options;
  const sent = `${keyTypeLabel(keyType(key))} key ${fingerprint(key)}`;
  const revoked = known.find((k) => k.revoked && k.key.equals(key));
  if (revoked) {
    return {
      ok: false,
      reason: 'revoked',
      message: `host key for ${name} is REVOKED: the server sent ${sent}, marked @revoked at ${revoked.file}:${revoked.line}; refusing to connect`,
    };
  }
  const listed = known.filter((k) => !k.revoked);
  if (listed.some((k) => k.key.equals(key))) return { ok: true, added: false };
  const old = listed[0];
  if (old) {
    return {
      ok: false,
      reason: 'changed',
      message:
        `host key for ${name} has CHANGED (someone may be intercepting the connection): the server sent ${sent}, ` +
        `but ${old.file}:${old.line} lists ${keyTypeLabel(old.type)} key ${fingerprint(old.key)}; ` +
        `if the change is expected, remove the old key with ssh-keygen -R '${name}' and connect again`,
    };
  }
  if (!options.acceptNew) {
    return {
      ok: false,
      reason: 'unknown',
      message:
        `host key for ${name} is not known: the server sent ${sent}, which is not in ${options.writeTo}; ` +
        `check that fingerprint with the host's owner, then pass --accept-new-host-key (or add it with ssh-keyscan)`,
    };
  }
  await addKnownHost(options.writeTo, name, key);
  return { ok: true, added: true };
}
