import { sameValue, type Operator } from './operator.js';
export const notEquals: Operator = {
  name: 'notEquals',
  doc: 'Present and not equal to the operand.',
  checkOperand: () => undefined,
  test: (actual, operand) => actual !== undefined && !sameValue(actual, operand),
};
