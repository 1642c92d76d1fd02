import { anyOf, regex, regexError, type Operator } from './operator.js';
export const matches: Operator = {
  name: 'matches',
  doc: 'The text matches the regular expression (a list field: any element does).',
  fieldTypes: ['string', 'strings'],
  checkOperand: regexError,
  test: (actual, operand) =>
    anyOf(actual, (v) => typeof v === 'string' && regex(operand as string).test(v)),
};
