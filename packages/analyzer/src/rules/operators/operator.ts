import type { Predicate } from '@studio-support/schema';
import type { FieldType } from '../../facts/types.js';

export type OperatorName = keyof Predicate;

export interface OperatorEnv {
  /** The bundle's collection time: what `collectedAt` in a date operand means. */
  collectedAt?: Date;
}

/**
 * One comparison a `where` predicate can make. Operands are checked when rules load, so
 * a rule that would compare wrongly never runs; `test` is then total and never throws.
 */
export interface Operator {
  name: OperatorName;
  doc: string;
  /** The field types it can compare; undefined: any. */
  fieldTypes?: readonly FieldType[];
  /** undefined when the operand is right, else "expected …" (the loader adds ", got …"). */
  checkOperand(operand: unknown): string | undefined;
  test(actual: unknown, operand: unknown, env: OperatorEnv): boolean;
}

/** Values compare equal when they are the same JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A field holding a list matches when any element does. */
export function anyOf(actual: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(actual) ? actual.some(test) : test(actual);
}

const regexCache = new Map<string, RegExp>();
export function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) regexCache.set(source, (re = new RegExp(source)));
  return re;
}

export function regexError(operand: unknown): string | undefined {
  if (typeof operand !== 'string') return 'expected a regular expression string';
  try {
    new RegExp(operand);
    return undefined;
  } catch (error) {
    return `expected a valid regular expression (${(error as Error).message})`;
  }
}

const relative = /^collectedAt(?:([+-])(\d+)([mhd]))?$/;
const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `collectedAt`, `collectedAt-30d`, `collectedAt+2h`, or an RFC 3339 time. */
export function dateOperandError(operand: unknown): string | undefined {
  if (
    typeof operand === 'string' &&
    (relative.test(operand) || !Number.isNaN(Date.parse(operand)))
  ) {
    return undefined;
  }
  return 'expected "collectedAt", "collectedAt±<n><m|h|d>" or an RFC 3339 time';
}

export function resolveDate(operand: unknown, env: OperatorEnv): Date | undefined {
  if (typeof operand !== 'string') return undefined;
  const m = relative.exec(operand);
  if (!m) return new Date(operand);
  if (!env.collectedAt) return undefined;
  const delta = m[1] ? (m[1] === '-' ? -1 : 1) * Number(m[2]) * unitMs[m[3]!]! : 0;
  return new Date(env.collectedAt.getTime() + delta);
}

export function asDate(actual: unknown): Date | undefined {
  if (typeof actual !== 'string') return undefined;
  const d = new Date(actual);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export const numberOperand = (operand: unknown): string | undefined =>
  typeof operand === 'number' && Number.isFinite(operand) ? undefined : 'expected a number';
