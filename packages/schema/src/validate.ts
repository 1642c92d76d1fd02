import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { schemaObjects, type SchemaName } from './generated/schemas.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object,
// whose `default` property is the plugin.
const addFormats = addFormatsModule.default;

export interface ValidationError {
  /** JSON Pointer into the validated value, '' for the root. */
  pointer: string;
  message: string;
}

/** The one Ajv instance of the project: every schema registered, formats on. */
export const ajv = new Ajv2020({
  allErrors: true,
  strict: true,
  // `if`/`then` and `not` name properties defined at the top level, which strictRequired rejects.
  strictRequired: false,
  allowUnionTypes: true,
  // Checking every schema against the 2020-12 meta-schema at import cost ~100 ms at the start
  // of every collector and analyzer run (measured, bench/); validate.test.ts checks them.
  validateSchema: false,
});
ajv.addKeyword('tsType');
addFormats(ajv);
for (const schema of Object.values(schemaObjects)) ajv.addSchema(schema as object);

const compiled = new Map<SchemaName, ValidateFunction>();

function validatorFor(name: SchemaName): ValidateFunction {
  let fn = compiled.get(name);
  if (!fn) {
    const id = (schemaObjects[name] as { $id: string }).$id;
    fn = ajv.getSchema(id);
    if (!fn) throw new Error(`schema ${name} (${id}) is not registered`);
    compiled.set(name, fn);
  }
  return fn;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'enum':
      return `expected one of ${JSON.stringify(p.allowedValues)}`;
    case 'const':
      return `expected ${JSON.stringify(p.allowedValue)}`;
    case 'additionalProperties':
      return `unknown property "${String(p.additionalProperty)}"`;
    case 'required':
      return `missing required property "${String(p.missingProperty)}"`;
    case 'propertyNames':
      return `unknown key "${String(p.propertyName)}"`;
    default:
      return e.message ?? e.keyword;
  }
}

/**
 * Validates `value` against one of the project's schemas. Returns [] when valid.
 * Errors are reduced to the most specific ones (oneOf/anyOf wrappers are dropped
 * when a branch said something more precise).
 */
export function validate(name: SchemaName, value: unknown): ValidationError[] {
  const fn = validatorFor(name);
  if (fn(value)) return [];
  const errors = fn.errors ?? [];
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'if'].includes(e.keyword));
  const chosen = specific.length > 0 ? specific : errors;
  const seen = new Set<string>();
  const out: ValidationError[] = [];
  for (const e of chosen) {
    const err = { pointer: e.instancePath, message: describe(e) };
    const key = `${err.pointer}\0${err.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(err);
    }
  }
  return out;
}

/** Throws one readable Error listing every problem, prefixed with `where`. */
export function assertValid(name: SchemaName, value: unknown, where: string): void {
  const errors = validate(name, value);
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.pointer || '/'}: ${e.message}`).join('; ');
    throw new Error(`${where}: not a valid ${name}: ${list}`);
  }
}
