import { numberOperand, type Operator } from './operator.js';
export const gt: Operator = {
  name: 'gt',
  doc: 'Greater than the number.',
  fieldTypes: ['number'],
  checkOperand: numberOperand,
  test: (actual, operand) => typeof actual === 'number' && actual > (operand as number),
};
