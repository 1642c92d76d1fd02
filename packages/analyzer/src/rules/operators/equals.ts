import { sameValue, type Operator } from './operator.js';
export const equals: Operator = {
  name: 'equals',
  doc: 'Equal to the operand (same JSON).',
  checkOperand: () => undefined,
  test: (actual, operand) => sameValue(actual, operand),
};
