import { type Operator } from './operator.js';
export const exists: Operator = {
  name: 'exists',
  doc: 'The field is present (true) or absent (false).',
  checkOperand: (o) => (typeof o === 'boolean' ? undefined : 'expected true or false'),
  test: (actual, operand) => (actual !== undefined && actual !== null) === operand,
};
