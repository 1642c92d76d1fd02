import { numberOperand, type Operator } from './operator.js';
export const gte: Operator = {
  name: 'gte',
  doc: 'At least the number.',
  fieldTypes: ['number'],
  checkOperand: numberOperand,
  test: (actual, operand) => typeof actual === 'number' && actual >= (operand as number),
};
