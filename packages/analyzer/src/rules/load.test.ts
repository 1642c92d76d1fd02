import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { causeIds } from '@studio-support/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRules, parseRule } from './load.js';
import { RuleError } from './rule-error.js';

const head = (id: string, extra = '') => `id: ${id}
title: A test rule
cause: oom-killed
severity: critical
appliesTo: [kubernetes]
${extra}`;

function error(text: string, file = 'rules/x.yaml'): string {
  try {
    parseRule(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleError);
    return (e as Error).message;
  }
  throw new Error('the rule loaded');
}

describe('a bad rule file is one line: file:line:col pointer: expected …, got …', () => {
  it.each([
    [
      'an unknown operator',
      head(
        'x',
        'when:\n  - fact: containers\n    where:\n      reason: { eq: OOMKilled }\nmessage: m\n',
      ),
      'rules/x.yaml:9:17 /when/0/where/reason/eq: unknown operator, expected one of exists, equals, notEquals, in, notIn, matches, notMatches, contains, gt, gte, lt, lte, before, after, got "eq"',
    ],
    [
      'an unknown fact collection',
      head('x', 'when:\n  - fact: pod\nmessage: m\n'),
      'rules/x.yaml:7:11 /when/0/fact: expected a fact collection (see docs/writing-rules.md), got "pod"',
    ],
    [
      'an unknown field',
      head(
        'x',
        'when:\n  - fact: containers\n    where:\n      reasn: { equals: x }\nmessage: m\n',
      ),
      /^rules\/x\.yaml:9:7 \/when\/0\/where\/reasn: expected a field of containers \(namespace, pod, name, .*\), got "reasn"$/,
    ],
    [
      'an operator the field type cannot take',
      head(
        'x',
        'when:\n  - fact: containers\n    where:\n      restartCount: { before: collectedAt }\nmessage: m\n',
      ),
      'rules/x.yaml:9:23 /when/0/where/restartCount/before: expected a date field for "before", got restartCount (number)',
    ],
    [
      'an operand of the wrong type',
      head(
        'x',
        'when:\n  - fact: containers\n    where:\n      restartCount: { gte: many }\nmessage: m\n',
      ),
      'rules/x.yaml:9:28 /when/0/where/restartCount/gte: expected a number, got "many"',
    ],
    [
      'a broken log pattern',
      head('x', "when:\n  - logs:\n      pattern: 'refused ('\nmessage: m\n"),
      /^rules\/x\.yaml:8:16 \/when\/0\/logs\/pattern: expected a valid regular expression, got Invalid regular expression: \/refused \(\/: Unterminated group$/,
    ],
    [
      'a log pattern matching every line',
      head('x', "when:\n  - logs:\n      pattern: 'x*'\nmessage: m\n"),
      'rules/x.yaml:8:16 /when/0/logs/pattern: expected a pattern that needs some text, got one matching the empty line',
    ],
    [
      'an id that is not the file name',
      head('y', 'when:\n  - fact: pods\nmessage: m\n'),
      'rules/x.yaml:1:5 /id: expected the file name "x", got "y"',
    ],
    [
      'an unknown cause',
      head('x', 'when:\n  - fact: pods\nmessage: m\n').replace(
        'cause: oom-killed',
        'cause: oom-kill',
      ),
      /^rules\/x\.yaml:3:8 \/cause: expected one of 32 known values \(see docs\), got "oom-kill"$/,
    ],
    [
      'a template naming what no condition binds',
      head(
        'x',
        'when:\n  - fact: pods\n    as: unready\nmessage: "{{unreddy.0.name}} is not ready"\n',
      ),
      'rules/x.yaml:9:10 /message: expected the template to use unready, namespace, collectedAt, bundle, got "unreddy"',
    ],
    [
      'a template that does not parse',
      head('x', 'when:\n  - fact: pods\n    as: p\nmessage: "{{p.0.hosts.0}}"\n'),
      /^rules\/x\.yaml:9:10 \/message: expected a valid Handlebars template, got Parse error on line 1: .*Expecting 'ID', got 'NUMBER'$/,
    ],
    [
      'a condition of two kinds',
      head('x', 'when:\n  - fact: pods\n    logs: { pattern: x }\nmessage: m\n'),
      'rules/x.yaml:7:5 /when/0: expected exactly one of fact, logs, any, none, got fact and logs',
    ],
    [
      'a misspelled property',
      head('x', 'when:\n  - fact: pods\n    wher: { name: { equals: x } }\nmessage: m\n'),
      'rules/x.yaml:8:5 /when/0/wher: unknown property, expected one of fact, where, count, as, got "wher"',
    ],
    [
      'both a cause and a symptom',
      head('x', 'symptom: s\nwhen:\n  - fact: pods\nmessage: m\n'),
      'rules/x.yaml:1:1 /: expected either cause or symptom, got both',
    ],
    [
      'a missing message',
      head('x', 'when:\n  - fact: pods\n'),
      'rules/x.yaml:1:1 /: missing required property "message"',
    ],
    [
      'invalid YAML',
      head('x', 'when:\n  - fact: pods\n   as: x\nmessage: m\n'),
      /^rules\/x\.yaml:8:\d+ \/: expected valid YAML, got /,
    ],
  ])('%s', (_what, text, message) => {
    const got = error(text);
    expect(got).not.toContain('\n');
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });
});

describe('loadRules', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'rules-'));
  });
  afterAll(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('loads the repository rules: one file per id, every cause id known', async () => {
    const rules = await loadRules();
    expect(rules.length).toBeGreaterThanOrEqual(7);
    for (const r of rules) {
      expect(r.file.endsWith(`${r.id}.yaml`)).toBe(true);
      if (r.cause) expect(causeIds).toContain(r.cause);
    }
    expect(rules.map((r) => r.cause).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'image-pull-auth',
        'database-unreachable',
        'oom-killed',
        'service-selector-mismatch',
        'tls-cert-expired',
        'container-down',
      ]),
    );
  });

  it('refuses explains naming nothing known, pointing at the entry', async () => {
    const dir = join(tmp, 'explains');
    await mkdir(dir);
    await writeFile(
      join(dir, 'x.yaml'),
      head('x', 'explains: [nginx-503]\nwhen:\n  - fact: pods\nmessage: m\n'),
    );
    await expect(loadRules([dir])).rejects.toThrow(
      /x\.yaml:6:12 \/explains\/0: expected a symptom some rule declares \(none declared\) or a cause id, got "nginx-503"$/,
    );
  });

  it('refuses an id loaded twice, and an empty or absent directory', async () => {
    for (const d of ['a', 'b']) {
      await mkdir(join(tmp, d));
      await writeFile(join(tmp, d, 'x.yaml'), head('x', 'when:\n  - fact: pods\nmessage: m\n'));
    }
    await expect(loadRules([join(tmp, 'a'), join(tmp, 'b')])).rejects.toThrow(
      /b\/x\.yaml:1:1 \/id: expected a unique rule id, got "x" again \(also in .*a\/x\.yaml\)/,
    );
    await mkdir(join(tmp, 'empty'));
    await expect(loadRules([join(tmp, 'empty')])).rejects.toThrow(
      /empty: expected rule files \(\*\.yaml\), got none/,
    );
    await expect(loadRules([join(tmp, 'absent')])).rejects.toThrow(
      /absent: expected a directory of rule files, got ENOENT/,
    );
  });
});
