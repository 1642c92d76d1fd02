import { ajv, schemaObjects } from '@studio-support/schema';

export interface RuleProblem {
  pointer: string;
  /** Point at the key rather than its value (unknown or misplaced properties). */
  atKey?: boolean;
  message: string;
}

type ErrorObject = NonNullable<NonNullable<ReturnType<typeof ajv.getSchema>>['errors']>[number];

const ruleSchema = schemaObjects.rule;
const conditionKinds = ['fact', 'logs', 'any', 'none'] as const;
const defs: Record<(typeof conditionKinds)[number], string> = {
  fact: 'factCondition',
  logs: 'logCondition',
  any: 'anyCondition',
  none: 'noneCondition',
};

const show = (v: unknown): string => {
  const s = JSON.stringify(v) ?? 'nothing';
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

function valueAt(root: unknown, pointer: string): unknown {
  let cur = root;
  for (const seg of pointer.split('/').slice(1)) {
    cur =
      cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  return cur;
}

function describe(e: ErrorObject, root: unknown, allowed: string[] | undefined): RuleProblem {
  const p = e.params as Record<string, unknown>;
  const got = show(valueAt(root, e.instancePath));
  switch (e.keyword) {
    case 'enum': {
      const values = p.allowedValues as unknown[];
      const list =
        values.length > 12
          ? `one of ${values.length} known values (see docs)`
          : `one of ${values.map(String).join(', ')}`;
      return { pointer: e.instancePath, message: `expected ${list}, got ${got}` };
    }
    case 'additionalProperties':
      return {
        pointer: `${e.instancePath}/${String(p.additionalProperty)}`,
        atKey: true,
        message: `unknown property, expected one of ${allowed?.join(', ') ?? 'the documented properties'}, got "${String(p.additionalProperty)}"`,
      };
    case 'propertyNames':
      return {
        pointer: `${e.instancePath}/${String(p.propertyName)}`,
        atKey: true,
        message: `unknown operator, expected one of ${(ruleSchema.$defs.predicate.propertyNames.enum as readonly string[]).join(', ')}, got "${String(p.propertyName)}"`,
      };
    case 'required':
      return {
        pointer: e.instancePath,
        message: `missing required property "${String(p.missingProperty)}"`,
      };
    case 'not':
      return { pointer: e.instancePath, message: 'expected either cause or symptom, got both' };
    default:
      return { pointer: e.instancePath, message: `${e.message ?? e.keyword}, got ${got}` };
  }
}

function run(
  id: string,
  value: unknown,
  prefix: string,
  root: unknown,
  allowed: string[] | undefined,
): RuleProblem[] {
  const fn = ajv.getSchema(id);
  if (!fn) throw new Error(`schema ${id} is not registered`);
  if (fn(value)) return [];
  const errors = (fn.errors ?? []).filter(
    (e) =>
      !['oneOf', 'if'].includes(e.keyword) &&
      // A propertyNames failure repeats itself as an enum failure; keep the clearer one.
      !e.schemaPath.endsWith('/propertyNames/enum'),
  );
  return errors.map((e) =>
    describe({ ...e, instancePath: prefix + e.instancePath }, root, allowed),
  );
}

/**
 * Validates a parsed rule against rule.schema.json, reporting problems the way a rule
 * author thinks: each condition is checked against the one branch its key selects
 * (fact, logs, any, none), instead of the four-way oneOf noise a validator produces.
 */
export function validateRule(rule: unknown): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const top = { ...(rule as Record<string, unknown>) };
  const when = top.when;
  if (Array.isArray(when)) top.when = when.map(() => ({ fact: 'placeholder' }));
  problems.push(...run(ruleSchema.$id, top, '', rule, Object.keys(ruleSchema.properties)));
  if (Array.isArray(when))
    when.forEach((c, i) => problems.push(...condition(c, `/when/${i}`, rule)));
  return problems;
}

function condition(c: unknown, pointer: string, root: unknown): RuleProblem[] {
  if (c === null || typeof c !== 'object' || Array.isArray(c)) {
    return [{ pointer, message: `expected a condition object, got ${show(c)}` }];
  }
  const kinds = conditionKinds.filter((k) => k in c);
  if (kinds.length !== 1) {
    return [
      {
        pointer,
        message: `expected exactly one of fact, logs, any, none, got ${kinds.length === 0 ? `keys ${show(Object.keys(c))}` : kinds.join(' and ')}`,
      },
    ];
  }
  const kind = kinds[0]!;
  const def = (ruleSchema.$defs as Record<string, { properties?: Record<string, unknown> }>)[
    defs[kind]
  ]!;
  const allowed = Object.keys(def.properties ?? {});
  if (kind === 'fact' || kind === 'logs') {
    return run(`${ruleSchema.$id}#/$defs/${defs[kind]}`, c, pointer, root, allowed);
  }
  const nested = (c as Record<string, unknown>)[kind];
  const problems: RuleProblem[] = Object.keys(c)
    .filter((k) => k !== kind)
    .map((k) => ({
      pointer: `${pointer}/${k}`,
      atKey: true,
      message: `unknown property, expected one of ${allowed.join(', ')}, got "${k}"`,
    }));
  if (!Array.isArray(nested) || nested.length === 0) {
    problems.push({
      pointer: `${pointer}/${kind}`,
      message: `expected a non-empty list of conditions, got ${show(nested)}`,
    });
    return problems;
  }
  nested.forEach((n, i) => problems.push(...condition(n, `${pointer}/${kind}/${i}`, root)));
  return problems;
}
