import { redactedMarker, type RedactionRule } from '../rule.js';

const begin = /-----BEGIN ((?:[A-Z]+ )*PRIVATE KEY)-----/;
const end = /-----END (?:[A-Z]+ )*PRIVATE KEY-----/;

/**
 * PEM private-key blocks, which span lines: everything from BEGIN to END becomes one marker
 * line. Also handles a block on a single line (JSON strings with \n escapes were already
 * split into lines by the caller). While a block is open its result says so (`open`), so the
 * lines inside reach it although they hold nothing its condition looks for.
 */
export const privateKeyBlock: RedactionRule = {
  id: 'private-key',
  start() {
    let inside = false;
    return (line) => {
      if (inside) {
        if (end.test(line)) inside = false;
        return { text: '', count: 0, open: inside };
      }
      const m = begin.exec(line);
      if (!m) return { text: line, count: 0 };
      const before = line.slice(0, m.index);
      const rest = line.slice(m.index + m[0].length);
      if (end.test(rest)) {
        const after = rest.slice(rest.search(end)).replace(end, '');
        return { text: `${before}-----${m[1]} ${redactedMarker}-----${after}`, count: 1 };
      }
      inside = true;
      return { text: `${before}-----${m[1]} ${redactedMarker}-----`, count: 1, open: true };
    };
  },
  mayMatch: (text) => text.includes('PRIVATE KEY-----'),
};
