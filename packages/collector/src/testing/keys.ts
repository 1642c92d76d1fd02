import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './system.js';

export interface KeyPair {
  /** Path of the private key file. */
  privateKey: string;
  /** The public key line (`ssh-ed25519 AAAA… comment`). */
  publicKey: string;
}

/** A fresh key pair made by the real ssh-keygen, optionally encrypted with `passphrase`. */
export async function generateKey(
  dir: string,
  name: string,
  options: { type?: 'ed25519' | 'ecdsa' | 'rsa'; passphrase?: string } = {},
): Promise<KeyPair> {
  const privateKey = join(dir, name);
  const type = options.type ?? 'ed25519';
  await run('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(type === 'rsa' ? ['-b', '2048'] : []),
    '-N',
    options.passphrase ?? '',
    '-C',
    `${name}@studio-collect-test`,
    '-f',
    privateKey,
  ]);
  const publicKey = (await readFile(`${privateKey}.pub`, 'utf8')).trim();
  return { privateKey, publicKey };
}

/** OpenSSH's fingerprint of a public key line, e.g. SHA256:abc… */
export async function keyFingerprint(publicKeyFile: string): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile]);
  const fp = stdout.split(' ')[1];
  if (!fp) throw new Error(`ssh-keygen -l: no fingerprint in ${JSON.stringify(stdout)}`);
  return fp;
}
