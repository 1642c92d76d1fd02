import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { validate, type HostCommandResult, type Manifest } from '@studio-support/schema';
import * as tar from 'tar-stream';

export interface ReadBundle {
  /** The top-level directory (studio-bundle-<stamp>). */
  root: string;
  /** Regular files by bundle path (without the root). */
  files: Map<string, Buffer>;
  manifest: Manifest;
  text(path: string): string;
  /** A host/commands/<id>.json, checked against host-command.schema.json. */
  command(path: string): HostCommandResult;
}

/** Unpacks a bundle in memory (tests only: their bundles are small) and checks its manifest. */
export async function readBundle(path: string): Promise<ReadBundle> {
  const files = new Map<string, Buffer>();
  let root = '';
  const extract = tar.extract();
  createReadStream(path).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    const name = entry.header.name;
    root ||= name.split('/')[0]!;
    if (entry.header.type === 'file') files.set(name.slice(root.length + 1), Buffer.concat(chunks));
  }
  const text = (p: string): string => {
    const data = files.get(p);
    if (data === undefined)
      throw new Error(`bundle has no ${p}; it has: ${[...files.keys()].join(', ')}`);
    return data.toString('utf8');
  };
  const manifest = JSON.parse(text('manifest.json')) as Manifest;
  const errors = validate('manifest', manifest);
  if (errors.length > 0) throw new Error(`manifest.json is invalid: ${JSON.stringify(errors)}`);
  return {
    root,
    files,
    manifest,
    text,
    command(p) {
      const value = JSON.parse(text(p)) as HostCommandResult;
      const problems = validate('host-command', value);
      if (problems.length > 0) throw new Error(`${p} is invalid: ${JSON.stringify(problems)}`);
      return value;
    },
  };
}
