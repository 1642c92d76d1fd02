/** What a line redactor returns: the line with secrets replaced, and how many it replaced. */
export interface Redacted {
  text: string;
  count: number;
  /**
   * True while a span that covers several lines (a PEM block) is open: the next lines must
   * come to this rule whatever they hold.
   */
  open?: boolean;
}

/**
 * One redaction rule. `start()` is called once per stream (a log, a file, a JSON string)
 * so rules that span lines (a PEM private-key block) keep their state per stream.
 */
export interface RedactionRule {
  id: string;
  start(): (line: string) => Redacted;
  /**
   * A cheap necessary condition, tested on one line or on a block of whole lines: false only
   * when no line of `text` can match (no "eyJ", no JWT). Nearly every line of a log fails
   * every rule's condition, so it skips the rules' regular expressions, and a block of such
   * lines is written as it came (measured: the per-line regexes were most of a collection's
   * CPU time). `text` may be UTF-8 decoded, or valid UTF-8 bytes read as latin1 (one char per
   * byte, as the tail writer checks a block without decoding it): the condition must hold
   * for both, so it looks for ASCII only and never relies on what a non-ASCII char is.
   */
  mayMatch(text: string): boolean;
}

/** What replaces a secret value everywhere. */
export const redactedMarker = '***';

/** A stateless rule from one global regular expression, its replacement and its condition. */
export function regexRule(
  id: string,
  pattern: RegExp,
  replacement: string,
  mayMatch: (text: string) => boolean,
): RedactionRule {
  if (!pattern.global) throw new Error(`redaction rule ${id}: pattern must be global`);
  const redact = (line: string): Redacted => {
    let count = 0;
    const text = line.replace(pattern, (...args: unknown[]) => {
      count++;
      // Expand $1-style group references by hand so the count stays exact.
      return replacement.replace(/\$(\d)/g, (_, n: string) => String(args[Number(n)] ?? ''));
    });
    return { text, count };
  };
  return { id, start: () => redact, mayMatch };
}
