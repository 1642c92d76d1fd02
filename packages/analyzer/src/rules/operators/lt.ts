import { numberOperand, type Operator } from './operator.js';
export const lt: Operator = {
  name: 'lt',
  doc: 'Less than the number.',
  fieldTypes: ['number'],
  checkOperand: numberOperand,
  test: (actual, operand) => typeof actual === 'number' && actual < (operand as number),
};
