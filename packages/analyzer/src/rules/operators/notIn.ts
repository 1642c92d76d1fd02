import { anyOf, sameValue, type Operator } from './operator.js';
export const notIn: Operator = {
  name: 'notIn',
  doc: 'Present and equal to none of the listed values.',
  checkOperand: (o) => (Array.isArray(o) ? undefined : 'expected a list of values'),
  test: (actual, operand) =>
    actual !== undefined &&
    !anyOf(actual, (v) => (operand as unknown[]).some((o) => sameValue(v, o))),
};
