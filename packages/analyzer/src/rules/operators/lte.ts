import { numberOperand, type Operator } from './operator.js';
export const lte: Operator = {
  name: 'lte',
  doc: 'At most the number.',
  fieldTypes: ['number'],
  checkOperand: numberOperand,
  test: (actual, operand) => typeof actual === 'number' && actual <= (operand as number),
};
