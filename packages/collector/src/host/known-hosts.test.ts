import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, keyFingerprint } from '../testing/keys.js';
import { fingerprint, keyType, knownHostName, knownKeysFor, verifyHostKey } from './known-hosts.js';

let dir: string;
let ed: { line: string; blob: Buffer; pub: string };
let rsa: { line: string; blob: Buffer; pub: string };

async function key(name: string, type: 'ed25519' | 'rsa') {
  const k = await generateKey(dir, name, { type });
  const [t, b64] = k.publicKey.split(' ');
  return { line: `${t} ${b64}`, blob: Buffer.from(b64!, 'base64'), pub: `${k.privateKey}.pub` };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'known-hosts-'));
  ed = await key('ed', 'ed25519');
  rsa = await key('rsa', 'rsa');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(text: string): Promise<string> {
  const path = join(dir, `kh-${randomBytes(4).toString('hex')}`);
  await writeFile(path, text);
  return path;
}

describe('known_hosts', () => {
  it('names hosts like OpenSSH: bare on port 22, [host]:port otherwise', () => {
    expect(knownHostName('10.0.0.5', 22)).toBe('10.0.0.5');
    expect(knownHostName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });

  it('fingerprints match ssh-keygen -l, and the key type is read from the blob', async () => {
    expect(fingerprint(ed.blob)).toBe(await keyFingerprint(ed.pub));
    expect(fingerprint(rsa.blob)).toBe(await keyFingerprint(rsa.pub));
    expect(keyType(ed.blob)).toBe('ssh-ed25519');
    expect(keyType(rsa.blob)).toBe('ssh-rsa');
  });

  it('matches plain, listed, wildcard, negated and hashed host patterns', async () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[studio.internal]:2222').digest('base64');
    const path = await file(
      [
        '# comment',
        '',
        `alpha,beta ${ed.line}`,
        `*.example.com,!bad.example.com ${ed.line}`,
        `|1|${salt.toString('base64')}|${hash} ${rsa.line}`,
        `@cert-authority *.example.com ${rsa.line}`,
        'garbage',
      ].join('\n'),
    );
    const lines = async (name: string) => (await knownKeysFor([path], name)).map((k) => k.line);
    expect(await lines('beta')).toEqual([3]);
    expect(await lines('studio.example.com')).toEqual([4]);
    expect(await lines('bad.example.com')).toEqual([]);
    expect(await lines('[studio.internal]:2222')).toEqual([5]);
    expect(await lines('studio.internal')).toEqual([]);
    expect(await knownKeysFor([join(dir, 'missing')], 'alpha')).toEqual([]);
  });

  it('accepts the listed key, refuses changed, revoked and unknown ones', async () => {
    const path = await file(`host ${ed.line}\n@revoked host ${rsa.line}\n`);
    const known = await knownKeysFor([path], 'host');
    const verify = (key: Buffer, acceptNew = false) =>
      verifyHostKey({ name: 'host', key, known, acceptNew, writeTo: path });
    expect(await verify(ed.blob)).toEqual({ ok: true, added: false });
    const revoked = await verify(rsa.blob, true);
    expect(revoked).toMatchObject({ ok: false, reason: 'revoked' });
    const other = await key('other', 'ed25519');
    const changed = await verify(other.blob, true);
    expect(changed).toMatchObject({ ok: false, reason: 'changed' });
    expect(!changed.ok && changed.message).toBe(
      `host key for host has CHANGED (someone may be intercepting the connection): the server sent ED25519 key ${fingerprint(other.blob)}, ` +
        `but ${path}:1 lists ED25519 key ${fingerprint(ed.blob)}; if the change is expected, remove the old key with ssh-keygen -R 'host' and connect again`,
    );
  });

  it('with accept-new, records an unknown host the way OpenSSH does', async () => {
    const path = join(dir, 'new', 'known_hosts');
    const refused = await verifyHostKey({
      name: '[h]:2200',
      key: ed.blob,
      known: [],
      acceptNew: false,
      writeTo: path,
    });
    expect(refused).toMatchObject({ ok: false, reason: 'unknown' });
    const added = await verifyHostKey({
      name: '[h]:2200',
      key: ed.blob,
      known: [],
      acceptNew: true,
      writeTo: path,
    });
    expect(added).toEqual({ ok: true, added: true });
    expect(await readFile(path, 'utf8')).toBe(`[h]:2200 ${ed.line}\n`);
  });
});
