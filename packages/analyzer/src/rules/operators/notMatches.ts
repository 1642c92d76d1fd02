import { anyOf, regex, regexError, type Operator } from './operator.js';
export const notMatches: Operator = {
  name: 'notMatches',
  doc: 'Present, and no text matches the regular expression.',
  fieldTypes: ['string', 'strings'],
  checkOperand: regexError,
  test: (actual, operand) =>
    actual !== undefined &&
    !anyOf(actual, (v) => typeof v === 'string' && regex(operand as string).test(v)),
};
