import { describe, expect, it } from 'vitest';
import { schemaObjects } from './generated/schemas.js';
import { ajv } from './validate.js';

describe('the project schemas', () => {
  // The shared instance skips this check at import (startup time); here it is made.
  it.each(Object.keys(schemaObjects))('%s is valid against the JSON Schema meta-schema', (name) => {
    const schema = schemaObjects[name as keyof typeof schemaObjects] as object;
    expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  });

  it('refuses an invalid schema when asked', () => {
    expect(ajv.validateSchema({ type: 'no-such-type' })).toBe(false);
  });
});
