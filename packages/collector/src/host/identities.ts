import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';
import { HostAccessError } from './errors.js';
import { fingerprint, keyTypeLabel } from './known-hosts.js';
import { promptHidden } from './prompt.js';

/** The key files ssh tries when none is named, in its order. */
export function defaultIdentityFiles(home = homedir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => join(home, '.ssh', name));
}

export interface Identity {
  file: string;
  key: ParsedKey;
  /** For messages: "ED25519 SHA256:…". */
  label: string;
}

export interface PassphraseSource {
  /** STUDIO_SSH_PASSPHRASE, when set. */
  env?: string;
  /** Asks on the terminal; undefined when there is none. */
  prompt: (question: string) => Promise<string | undefined>;
}

export const passphraseEnv = 'STUDIO_SSH_PASSPHRASE';

export function passphraseSource(env: NodeJS.ProcessEnv = process.env): PassphraseSource {
  return { env: env[passphraseEnv] || undefined, prompt: promptHidden };
}

/**
 * Loads the private keys to offer. A key named with -i must load, or the collection stops
 * with a clear line; ssh's default key files are used when present and skipped (noted in
 * `skipped`) when they cannot be decrypted, as there may be an agent to fall back on.
 */
export async function loadIdentities(
  files: readonly string[],
  explicit: boolean,
  passphrase: PassphraseSource,
): Promise<{ identities: Identity[]; skipped: string[] }> {
  const identities: Identity[] = [];
  const skipped: string[] = [];
  for (const file of files) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (error) {
      if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new HostAccessError(
        `key file ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); expected a readable private key`,
      );
    }
    try {
      identities.push(await parseIdentity(file, data, passphrase));
    } catch (error) {
      if (explicit) throw error;
      skipped.push(`${file} (${(error as Error).message.replace(/^key file \S+: /, '')})`);
    }
  }
  return { identities, skipped };
}

async function parseIdentity(
  file: string,
  data: Buffer,
  source: PassphraseSource,
): Promise<Identity> {
  let parsed = first(ssh2.utils.parseKey(data));
  if (parsed instanceof Error && /no passphrase given/i.test(parsed.message)) {
    const fromEnv = source.env !== undefined;
    const passphrase = source.env ?? (await source.prompt(`Enter passphrase for key '${file}': `));
    if (passphrase === undefined) {
      throw new HostAccessError(
        `key file ${file}: it is encrypted and no passphrase is available; expected ${passphraseEnv} to be set, or a terminal to ask on`,
      );
    }
    parsed = first(ssh2.utils.parseKey(data, passphrase));
    if (parsed instanceof Error) {
      throw new HostAccessError(
        `key file ${file}: cannot decrypt it with the passphrase ${fromEnv ? `from ${passphraseEnv}` : 'entered'}; expected the key's passphrase, got: ${parsed.message}`,
      );
    }
  }
  if (parsed instanceof Error || !parsed.isPrivateKey()) {
    const got = parsed instanceof Error ? parsed.message : 'a public key';
    throw new HostAccessError(
      `key file ${file}: not a usable private key; expected an OpenSSH or PEM private key, got: ${got}`,
    );
  }
  const label = `${keyTypeLabel(parsed.type)} ${fingerprint(parsed.getPublicSSH())}`;
  return { file, key: parsed, label };
}

function first(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(parsed) ? (parsed[0] ?? new Error('no key in file')) : parsed;
}
