import { asDate, dateOperandError, resolveDate, type Operator } from './operator.js';
export const before: Operator = {
  name: 'before',
  doc: 'A time before the operand (collectedAt, collectedAt±<n><m|h|d>, or RFC 3339).',
  fieldTypes: ['date'],
  checkOperand: dateOperandError,
  test: (actual, operand, env) => {
    const a = asDate(actual);
    const b = resolveDate(operand, env);
    return a !== undefined && b !== undefined && a < b;
  },
};
