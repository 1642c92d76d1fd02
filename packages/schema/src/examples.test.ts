import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { SchemaName } from './generated/schemas.js';
import { validate } from './validate.js';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const bundleRoot = join(examples, 'valid/bundle/studio-bundle-20261125T120000Z');

async function load(path: string): Promise<unknown> {
  return parse(await readFile(path, 'utf8'));
}

describe('valid examples', () => {
  const single: [string, SchemaName][] = [
    ['rule.yaml', 'rule'],
    ['expected.yaml', 'expected'],
    ['report.json', 'report'],
    ['host-command.json', 'host-command'],
    ['health.json', 'health'],
    ['node-allocations.json', 'node-allocations'],
    ['resource-metrics.json', 'resource-metrics'],
    ['exec-check.json', 'exec-check'],
    ['ingress-metrics.json', 'ingress-metrics'],
    ['prometheus-queries.json', 'prometheus-queries'],
  ];
  it.each(single)('%s validates as %s', async (file, schema) => {
    expect(validate(schema, await load(join(examples, 'valid', file)))).toEqual([]);
  });

  it('the example bundle validates file by file', async () => {
    expect(validate('manifest', await load(join(bundleRoot, 'manifest.json')))).toEqual([]);
    expect(
      validate('secrets', await load(join(bundleRoot, 'secrets/datachain-studio.json'))),
    ).toEqual([]);
    expect(
      validate('certificates', await load(join(bundleRoot, 'certificates/datachain-studio.json'))),
    ).toEqual([]);
  });

  it('every file the example manifest lists exists in the example bundle', async () => {
    const manifest = (await load(join(bundleRoot, 'manifest.json'))) as {
      collectors: { files: string[] }[];
    };
    for (const file of manifest.collectors.flatMap((c) => c.files)) {
      await expect(readFile(join(bundleRoot, file))).resolves.toBeInstanceOf(Buffer);
    }
  });
});

describe('invalid examples', async () => {
  const dir = join(examples, 'invalid');
  const files = (await readdir(dir)).sort();
  it('there is at least one per schema that has data files', () => {
    const covered = new Set(files.map((f) => f.split('--')[0]));
    for (const name of [
      'manifest',
      'rule',
      'expected',
      'report',
      'secrets',
      'certificates',
      'host-command',
      'health',
      'node-allocations',
      'resource-metrics',
      'exec-check',
      'ingress-metrics',
      'prometheus-queries',
    ]) {
      expect(covered, name).toContain(name);
    }
  });
  it.each(files)('%s fails with the error its first line names', async (file) => {
    const text = await readFile(join(dir, file), 'utf8');
    const expectLine = /^# expect: (\S*) (.+)$/m.exec(text);
    expect(expectLine, 'first line must be "# expect: <pointer> <message>"').not.toBeNull();
    const [, pointer, message] = expectLine!;
    const errors = validate(file.split('--')[0] as SchemaName, parse(text));
    const wanted = pointer === '/' ? '' : pointer!;
    expect(errors.map((e) => `${e.pointer} ${e.message}`).join('\n')).toContain(
      `${wanted} ${message}`,
    );
  });
});
