import { readFile, readdir } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isCauseId, type Rule } from '@studio-support/schema';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { factCollection } from '../facts/index.js';
import type { FieldType } from '../facts/types.js';
import { logsCollection } from '../facts/logs.js';
import { operator } from './operators/index.js';
import { RuleError } from './rule-error.js';
import { compileTemplate, templateGlobals, templateNames } from './templates.js';
import type { CompiledCondition, CompiledPredicate, CompiledTest, LoadedRule } from './types.js';
import { validateRule } from './validate-rule.js';
import { positionOf } from './yaml-position.js';

/** The repository's rules/ (packages/analyzer/dist/rules/load.js → ../../../../rules). */
export function defaultRulesDir(): string {
  return fileURLToPath(new URL('../../../../rules/', import.meta.url));
}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** A rule file being compiled: every error it raises names file:line:col and the pointer. */
class RuleFile {
  constructor(
    readonly file: string,
    readonly doc: Document,
    readonly counter: LineCounter,
  ) {}

  error(pointer: string, message: string, atKey = false): RuleError {
    const { line, col } = positionOf(this.doc, this.counter, pointer, atKey);
    return new RuleError(`${this.file}:${line}:${col} ${pointer || '/'}: ${message}`);
  }
}

const show = (v: unknown): string => JSON.stringify(v) ?? 'nothing';

/** Parses and checks one rule file's text. `file` is how messages name it. */
export function parseRule(text: string, file: string): LoadedRule {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const rf = new RuleFile(file, doc, counter);
  const yamlError = doc.errors[0];
  if (yamlError) {
    const { line, col } = counter.linePos(yamlError.pos[0]);
    throw new RuleError(
      `${file}:${line}:${col} /: expected valid YAML, got ${yamlError.message.split('\n')[0]}`,
    );
  }
  const value = doc.toJS() as unknown;
  const [problem] = validateRule(value);
  if (problem) throw rf.error(problem.pointer, problem.message, problem.atKey);
  const rule = value as Rule;

  const expectedId = basename(file).replace(/\.ya?ml$/, '');
  if (rule.id !== expectedId) {
    throw rf.error('/id', `expected the file name "${expectedId}", got ${show(rule.id)}`);
  }
  if (rule.cause !== undefined && !isCauseId(rule.cause)) {
    throw rf.error('/cause', `expected a cause id, got ${show(rule.cause)}`);
  }
  const names = new Set<string>();
  const logPatterns: LoadedRule['logPatterns'] = [];
  const when = rule.when.map((c, i) =>
    compileCondition(
      rf,
      rule.id,
      c as unknown as Record<string, unknown>,
      `/when/${i}`,
      names,
      logPatterns,
    ),
  );
  for (const [i, name] of (rule.evidence ?? []).entries()) {
    if (!names.has(name)) {
      throw rf.error(
        `/evidence/${i}`,
        `expected the "as" name of a condition (${[...names].join(', ') || 'none defined'}), got ${show(name)}`,
      );
    }
  }
  const template = (source: string, pointer: string): LoadedRule['message'] => {
    try {
      for (const name of templateNames(source)) {
        if (!names.has(name) && !templateGlobals.includes(name)) {
          throw rf.error(
            pointer,
            `expected the template to use ${[...names, ...templateGlobals].join(', ')}, got "${name}"`,
          );
        }
      }
      return compileTemplate(source);
    } catch (error) {
      if (error instanceof RuleError) throw error;
      // Handlebars' parse errors span lines (text, caret, expectation): keep them on one.
      const why = (error as Error).message
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^-*\^$/.test(l))
        .join(' ');
      throw rf.error(pointer, `expected a valid Handlebars template, got ${why}`);
    }
  };
  return {
    id: rule.id,
    file,
    title: rule.title,
    cause: rule.cause,
    symptom: rule.symptom,
    severity: rule.severity,
    appliesTo: rule.appliesTo,
    explains: rule.explains ?? [],
    when,
    evidence: rule.evidence,
    message: template(rule.message, '/message'),
    remediation: (rule.remediation ?? []).map((r, i) => template(r, `/remediation/${i}`)),
    references: rule.references ?? [],
    logPatterns,
  };
}

function compileCondition(
  rf: RuleFile,
  ruleId: string,
  c: Record<string, unknown>,
  pointer: string,
  names: Set<string>,
  logPatterns: LoadedRule['logPatterns'],
): CompiledCondition {
  const as = c.as as string | undefined;
  if (as !== undefined) {
    if (names.has(as) || templateGlobals.includes(as)) {
      throw rf.error(
        `${pointer}/as`,
        `expected a name not used before in this rule, got ${show(as)}`,
      );
    }
    names.add(as);
  }
  const count =
    c.count === undefined
      ? undefined
      : compileTests(rf, `${pointer}/count`, c.count as Record<string, unknown>, 'number', 'count');
  if ('any' in c || 'none' in c) {
    const kind = 'any' in c ? 'any' : 'none';
    return {
      kind,
      conditions: (c[kind] as Record<string, unknown>[]).map((n, i) =>
        compileCondition(rf, ruleId, n, `${pointer}/${kind}/${i}`, names, logPatterns),
      ),
    };
  }
  if ('fact' in c) {
    const fact = c.fact as string;
    const collection = factCollection(fact);
    if (!collection) {
      throw rf.error(
        `${pointer}/fact`,
        `expected a fact collection (see docs/writing-rules.md), got ${show(fact)}`,
      );
    }
    return {
      kind: 'fact',
      fact,
      where: compileWhere(
        rf,
        `${pointer}/where`,
        c.where as Record<string, unknown> | undefined,
        collection.fields,
        fact,
      ),
      count,
      as,
    };
  }
  const logs = c.logs as { pattern: string; ignoreCase?: boolean; where?: Record<string, unknown> };
  const patternPointer = `${pointer}/logs/pattern`;
  let re: RegExp;
  try {
    re = new RegExp(logs.pattern, logs.ignoreCase ? 'i' : '');
  } catch (error) {
    throw rf.error(
      patternPointer,
      `expected a valid regular expression, got ${(error as Error).message}`,
    );
  }
  if (re.test(''))
    throw rf.error(
      patternPointer,
      'expected a pattern that needs some text, got one matching the empty line',
    );
  if (/\\[1-9]|\\k</.test(logs.pattern)) {
    throw rf.error(
      patternPointer,
      'expected no backreferences (all patterns are joined into one scan), got one',
    );
  }
  const patternId = `${ruleId}:${pointer}`;
  logPatterns.push({ id: patternId, source: logs.pattern, ignoreCase: logs.ignoreCase });
  return {
    kind: 'logs',
    patternId,
    where: compileWhere(rf, `${pointer}/logs/where`, logs.where, logsCollection.fields, 'logs'),
    count,
    as,
  };
}

function compileWhere(
  rf: RuleFile,
  pointer: string,
  where: Record<string, unknown> | undefined,
  fields: Record<string, { type: FieldType }>,
  fact: string,
): CompiledPredicate[] {
  return Object.entries(where ?? {}).map(([field, predicate]) => {
    const segments = field.split('.');
    const def = fields[segments[0]!];
    const fieldPointer = `${pointer}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!def || (segments.length > 1 && def.type !== 'map') || segments.length > 2) {
      throw rf.error(
        fieldPointer,
        `expected a field of ${fact} (${Object.keys(fields).join(', ')}; a map field as field.key), got ${show(field)}`,
        true,
      );
    }
    const type = segments.length === 2 ? 'string' : def.type;
    return {
      field,
      segments,
      tests: compileTests(rf, fieldPointer, predicate as Record<string, unknown>, type, field),
    };
  });
}

function compileTests(
  rf: RuleFile,
  pointer: string,
  predicate: Record<string, unknown>,
  type: FieldType,
  field: string,
): CompiledTest[] {
  return Object.entries(predicate).map(([name, operand]) => {
    const op = operator(name);
    const at = `${pointer}/${name}`;
    if (!op) throw rf.error(at, `expected a known operator, got ${show(name)}`, true);
    if (op.fieldTypes && !op.fieldTypes.includes(type)) {
      throw rf.error(
        at,
        `expected a ${op.fieldTypes.join(' or ')} field for "${name}", got ${field} (${type})`,
        true,
      );
    }
    const wrong = op.checkOperand(operand);
    if (wrong) throw rf.error(at, `${wrong}, got ${show(operand)}`);
    return { operator: op, operand };
  });
}

/** Rule files carried inside the single-file binary, which has no rules/ beside it. */
let embeddedRules: readonly { name: string; text: string }[] | undefined;

/** Makes `loadRules()` without directories use these files (scripts/build-binaries.mjs). */
export function useEmbeddedRules(files: readonly { name: string; text: string }[]): void {
  embeddedRules = files;
}

async function readRuleDir(dir: string): Promise<{ file: string; text: string }[]> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    throw new RuleError(
      `${displayPath(resolve(dir))}: expected a directory of rule files, got ${(error as NodeJS.ErrnoException).code ?? 'an unreadable path'}`,
    );
  }
  if (entries.length === 0) {
    throw new RuleError(`${displayPath(resolve(dir))}: expected rule files (*.yaml), got none`);
  }
  const out: { file: string; text: string }[] = [];
  for (const name of entries) {
    out.push({
      file: displayPath(resolve(join(dir, name))),
      text: await readFile(join(dir, name), 'utf8'),
    });
  }
  return out;
}

/**
 * Loads every *.yaml in `dirs` (the repository's rules/ by default), in file-name order.
 * Any problem — bad YAML, schema, unknown fact or field, bad regex or template, an id
 * that repeats or does not match its file, `explains` naming nothing known — is one
 * RuleError line pointing at file:line:col.
 */
export async function loadRules(dirs?: string[]): Promise<LoadedRule[]> {
  const files: { file: string; text: string }[] = [];
  if (dirs === undefined && embeddedRules) {
    files.push(...embeddedRules.map((f) => ({ file: `rules/${f.name}`, text: f.text })));
  } else {
    for (const dir of dirs ?? [defaultRulesDir()]) files.push(...(await readRuleDir(dir)));
  }
  const rules: LoadedRule[] = [];
  const where = new Map<string, { file: string; text: string }>();
  for (const { file, text } of files) {
    const rule = parseRule(text, file);
    const before = where.get(rule.id);
    if (before)
      throw new RuleError(
        `${file}:1:1 /id: expected a unique rule id, got "${rule.id}" again (also in ${before.file})`,
      );
    where.set(rule.id, { file, text });
    rules.push(rule);
  }
  // explains may name symptoms (declared by symptom rules) or causes (a cause explaining another).
  const symptoms = new Set(rules.flatMap((r) => r.symptom ?? []));
  for (const rule of rules) {
    for (const [i, id] of rule.explains.entries()) {
      if (!symptoms.has(id) && !isCauseId(id)) {
        const { text } = where.get(rule.id)!;
        const counter = new LineCounter();
        const doc = parseDocument(text, { lineCounter: counter });
        throw new RuleFile(rule.file, doc, counter).error(
          `/explains/${i}`,
          `expected a symptom some rule declares (${[...symptoms].sort().join(', ') || 'none declared'}) or a cause id, got ${show(id)}`,
        );
      }
    }
  }
  return rules;
}
