import { dirname, isAbsolute, join } from 'node:path';

/**
 * Just enough of nginx's configuration language to find what the collectors need in the
 * configuration nginx actually loads: log files (`error_log`, `access_log`), certificates
 * (`ssl_certificate`) and the `server_name`s served with them. It starts at nginx.conf and
 * follows `include` (globs, relative to its directory) into the files it was given, in
 * place, so a snippet included inside `server { }` belongs to that server; files nothing
 * includes (sites-available/) are not read. Tokens as ngx_conf_read_token reads them:
 * words, '…' and "…" strings with backslash escapes, `#` comments, `;`, `{`, `}`.
 */
export interface NginxDirective {
  name: string;
  args: string[];
  file: string;
  line: number;
  /** The `server { }` block it is in (unique across the configuration), if any. */
  server?: string;
}

type Token = { text: string; line: number; special: boolean };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      line++;
      i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === ';' || ch === '{' || ch === '}') {
      tokens.push({ text: ch, line, special: true });
      i++;
    } else {
      const start = line;
      let word = '';
      if (ch === '"' || ch === "'") {
        i++;
        while (i < text.length && text[i] !== ch) {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          if (text[i] === '\n') line++;
          word += text[i];
          i++;
        }
        i++;
      } else {
        while (i < text.length && !/[\s;{}]/.test(text[i]!)) word += text[i++];
      }
      tokens.push({ text: word, line: start, special: false });
    }
  }
  return tokens;
}

/**
 * The directives of the configuration rooted at `root`, includes expanded. `files` maps
 * every readable file (absolute path) to its text.
 */
export function parseNginxConfig(
  root: string,
  files: ReadonlyMap<string, string>,
): NginxDirective[] {
  const out: NginxDirective[] = [];
  const prefix = dirname(root);
  const servers: string[] = [];
  let serverCount = 0;
  const active = new Set<string>();

  const walk = (file: string): void => {
    const text = files.get(file);
    if (text === undefined || active.has(file)) return; // unreadable, or an include loop
    active.add(file);
    let words: Token[] = [];
    for (const token of tokenize(text)) {
      if (!token.special) {
        words.push(token);
        continue;
      }
      const [name, ...args] = words;
      words = [];
      if (token.text === '{') {
        if (name?.text === 'server') servers.push(`${file}:${name.line}#${++serverCount}`);
        else servers.push(servers.at(-1) ?? '');
      } else if (token.text === '}') {
        servers.pop();
      } else if (name !== undefined) {
        if (name.text === 'include' && args[0]) {
          for (const included of matchInclude(args[0].text, prefix, files)) walk(included);
          continue;
        }
        const server = servers.at(-1);
        out.push({
          name: name.text,
          args: args.map((a) => a.text),
          file,
          line: name.line,
          ...(server ? { server } : {}),
        });
      }
    }
    active.delete(file);
  };
  walk(root);
  return out;
}

/** include's argument as nginx resolves it: relative to nginx.conf's directory, glob(3). */
function matchInclude(
  pattern: string,
  prefix: string,
  files: ReadonlyMap<string, string>,
): string[] {
  const full = isAbsolute(pattern) ? pattern : join(prefix, pattern);
  if (!/[*?[]/.test(full)) return files.has(full) ? [full] : [];
  const re = new RegExp(
    '^' +
      full
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '[^/]*')
        .replace(/\?/g, '[^/]') +
      '$',
  );
  return [...files.keys()].filter((p) => re.test(p)).sort();
}

/** Absolute paths of log files the configuration writes (not syslog:, stderr, memory:, off). */
export function nginxLogFiles(directives: readonly NginxDirective[]): string[] {
  const paths = new Set<string>();
  for (const d of directives) {
    if (d.name !== 'error_log' && d.name !== 'access_log') continue;
    const target = d.args[0];
    if (target?.startsWith('/') && !target.includes('$')) paths.add(target);
  }
  return [...paths].sort();
}

export interface CertificateReference {
  /** The ssl_certificate argument as written. */
  file: string;
  /** server_name values of the server blocks that use it. */
  hosts: string[];
}

/** Every ssl_certificate file named, with the hosts served with it (sorted, deduplicated). */
export function certificateReferences(
  directives: readonly NginxDirective[],
): CertificateReference[] {
  const names = new Map<string, Set<string>>();
  for (const d of directives) {
    if (d.name === 'server_name' && d.server) {
      const set = names.get(d.server) ?? new Set<string>();
      for (const n of d.args) if (n !== '' && n !== '_') set.add(n);
      names.set(d.server, set);
    }
  }
  const refs = new Map<string, Set<string>>();
  for (const d of directives) {
    const file = d.args[0];
    if (d.name !== 'ssl_certificate' || file === undefined) continue;
    const hosts = refs.get(file) ?? new Set<string>();
    for (const h of (d.server && names.get(d.server)) || []) hosts.add(h);
    refs.set(file, hosts);
  }
  return [...refs]
    .map(([file, hosts]) => ({ file, hosts: [...hosts].sort() }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
