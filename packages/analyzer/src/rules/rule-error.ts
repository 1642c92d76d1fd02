/**
 * A rule file that cannot be used. The message is one line in the form
 * `rules/x.yaml:12:7 /when/0/where/reason: expected …, got …`; the CLI prints it and
 * exits 2.
 */
export class RuleError extends Error {
  override name = 'RuleError';
}
