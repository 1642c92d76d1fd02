import { after } from './after.js';
import { before } from './before.js';
import { contains } from './contains.js';
import { equals } from './equals.js';
import { exists } from './exists.js';
import { gt } from './gt.js';
import { gte } from './gte.js';
import { inList } from './in.js';
import { lt } from './lt.js';
import { lte } from './lte.js';
import { matches } from './matches.js';
import { notEquals } from './notEquals.js';
import { notIn } from './notIn.js';
import { notMatches } from './notMatches.js';
import type { Operator } from './operator.js';

/** The operator registry; equal to the predicate's property names in rule.schema.json (a test says so). */
export const operators: readonly Operator[] = [
  exists,
  equals,
  notEquals,
  inList,
  notIn,
  matches,
  notMatches,
  contains,
  gt,
  gte,
  lt,
  lte,
  before,
  after,
];

export function operator(name: string): Operator | undefined {
  return operators.find((o) => o.name === name);
}

export type { Operator, OperatorEnv, OperatorName } from './operator.js';
