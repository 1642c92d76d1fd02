// The analyzer's log patterns (every rule's plus the facts layer's, exactly what its one
// combined scan looks for) as the grep baselines the analyzer is compared with.
import { factScanPatterns, loadRules } from '@studio-support/analyzer';

export async function logPatterns() {
  const rules = await loadRules();
  return [...factScanPatterns, ...rules.flatMap((r) => r.logPatterns)];
}

/**
 * A JavaScript pattern as a GNU extended regular expression, or undefined when it uses
 * what ERE lacks (lookaround, lazy quantifiers, escapes inside brackets, backreferences).
 * Only the translations the rules need: (?: and (?<name> groups, \d (GNU has \s \S \w \W),
 * and \d \s \w \. \/ inside brackets.
 */
export function toEre(source) {
  let out = '';
  let inBracket = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (inBracket) {
      if (c === '\\') {
        const inner = { d: '0-9', s: '[:space:]', w: '[:alnum:]_', '.': '.', '/': '/' }[
          source[++i]
        ];
        if (inner === undefined) return undefined;
        out += inner;
        continue;
      }
      if (c === ']') inBracket = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inBracket = true;
      out += c;
      // A leading ^ or ] belongs to the bracket; copy it so the ] does not close it.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i));
      if (source[i + 2] === ':') i += 2;
      else if (named) i += named[0].length - 1;
      else return undefined;
      out += '(';
      continue;
    }
    if ((c === '+' || c === '*' || c === '?' || c === '}') && source[i + 1] === '?') {
      return undefined;
    }
    if (c === '\\') {
      const n = source[++i];
      if (n === 'd') out += '[0-9]';
      else if (n !== undefined && 'sSwWb'.includes(n)) out += `\\${n}`;
      else if (n === '/') out += '/';
      else if (n !== undefined && '()[]{}.*+?^$|\\'.includes(n)) out += `\\${n}`;
      else return undefined;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * `grep -E` and `grep -P` arguments matching a line when any pattern does. ERE has no
 * per-pattern flags, so one case-insensitive pattern makes the whole ERE case-insensitive
 * (the analyzer's combined prefilter does the same).
 */
export function grepBaselines(patterns) {
  const ignoreCase = patterns.some((p) => p.ignoreCase);
  const ere = patterns.map((p) => toEre(p.source));
  const pcre = patterns
    .map((p) => (p.ignoreCase ? `(?i:${p.source})` : `(?:${p.source})`))
    .join('|');
  return {
    ere: ere.every((e) => e !== undefined)
      ? { flags: ignoreCase ? '-ciE' : '-cE', pattern: ere.map((e) => `(${e})`).join('|') }
      : undefined,
    unconverted: patterns.filter((_, i) => ere[i] === undefined).map((p) => p.id),
    pcre: { flags: '-cP', pattern: pcre },
  };
}
