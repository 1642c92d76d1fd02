import { sameValue, type Operator } from './operator.js';
export const contains: Operator = {
  name: 'contains',
  doc: 'A list field holds the value, or a text field contains the substring.',
  fieldTypes: ['string', 'strings'],
  checkOperand: () => undefined,
  test: (actual, operand) =>
    Array.isArray(actual)
      ? actual.some((v) => sameValue(v, operand))
      : typeof actual === 'string' && typeof operand === 'string' && actual.includes(operand),
};
