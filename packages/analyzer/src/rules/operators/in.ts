import { anyOf, sameValue, type Operator } from './operator.js';
export const inList: Operator = {
  name: 'in',
  doc: 'Equal to one of the listed values (a list field: any element is).',
  checkOperand: (o) => (Array.isArray(o) ? undefined : 'expected a list of values'),
  test: (actual, operand) =>
    anyOf(actual, (v) => (operand as unknown[]).some((o) => sameValue(v, o))),
};
