import { schemaObjects } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import { operators } from './index.js';

const env = { collectedAt: new Date('2026-11-25T12:00:00Z') };

describe('operator registry', () => {
  it('equals the predicate operators of rule.schema.json, in order', () => {
    expect(operators.map((o) => o.name)).toEqual(
      schemaObjects.rule.$defs.predicate.propertyNames.enum,
    );
  });
});

// [operator, operand, actual, expected]
const cases: [string, unknown, unknown, boolean][] = [
  ['exists', true, 'x', true],
  ['exists', true, undefined, false],
  ['exists', false, undefined, true],
  ['equals', 'OOMKilled', 'OOMKilled', true],
  ['equals', 137, 137, true],
  ['equals', ['a'], ['a'], true],
  ['equals', 'a', 'b', false],
  ['notEquals', 0, 1, true],
  ['notEquals', 0, 0, false],
  ['notEquals', 0, undefined, false],
  ['in', ['a', 'b'], 'b', true],
  ['in', ['a', 'b'], ['x', 'a'], true],
  ['in', ['a', 'b'], 'c', false],
  ['notIn', ['a'], 'b', true],
  ['notIn', ['a'], 'a', false],
  ['notIn', ['a'], undefined, false],
  [
    'matches',
    '^Readiness probe failed',
    'Readiness probe failed: HTTP probe failed with statuscode: 503',
    true,
  ],
  ['matches', '401 Unauthorized', 'denied', false],
  ['matches', '^DNS:', ['IP Address:10.0.0.1', 'DNS:studio.example.com'], true],
  ['notMatches', 'x', 'abc', true],
  ['notMatches', 'a', 'abc', false],
  ['contains', 'DNS:a', ['DNS:a'], true],
  ['contains', 'refused', 'Connection refused', true],
  ['contains', 'x', 'abc', false],
  ['gt', 3, 4, true],
  ['gt', 3, 3, false],
  ['gt', 3, undefined, false],
  ['gte', 3, 3, true],
  ['lt', 3, 2, true],
  ['lt', 3, '2', false],
  ['lte', 3, 3, true],
  ['before', 'collectedAt', '2026-11-20T00:00:00Z', true],
  ['before', 'collectedAt', '2026-12-20T00:00:00Z', false],
  ['before', 'collectedAt+30d', '2026-12-20T00:00:00Z', true],
  ['before', '2026-01-01T00:00:00Z', '2025-06-01T00:00:00Z', true],
  ['after', 'collectedAt-1h', '2026-11-25T11:30:00Z', true],
  ['after', 'collectedAt-90m', '2026-11-25T10:00:00Z', false],
  ['after', 'collectedAt', 'not a date', false],
];

describe.each(cases)('%s %j on %j', (name, operand, actual, want) => {
  it(`is ${want}`, () => {
    const op = operators.find((o) => o.name === name)!;
    expect(op.checkOperand(operand)).toBeUndefined();
    expect(op.test(actual, operand, env)).toBe(want);
  });
});

describe('operands are checked when rules load', () => {
  const bad: [string, unknown, RegExp][] = [
    ['exists', 'yes', /expected true or false/],
    ['in', 'a', /expected a list/],
    ['matches', '(', /expected a valid regular expression/],
    ['gt', '3', /expected a number/],
    ['before', 'yesterday', /expected "collectedAt"/],
  ];
  it.each(bad)('%s %j', (name, operand, message) => {
    expect(operators.find((o) => o.name === name)!.checkOperand(operand)).toMatch(message);
  });

  it('a date relative to an unknown collection time compares false, never throws', () => {
    const before = operators.find((o) => o.name === 'before')!;
    expect(before.test('2020-01-01T00:00:00Z', 'collectedAt', {})).toBe(false);
  });
});
