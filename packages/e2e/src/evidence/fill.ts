import type { CitedSource, EvidenceText } from './types.js';

const TOKEN = /\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}|[{}]/g;

/**
 * Renders an evidence template: every `{name}` is replaced by `values[name]`, falling back to
 * the value the evidence was captured with; `{{`/`}}` are literal braces.
 *
 * @example fill(evidence.nginx.connectRefused, { upstream: 'http://10.42.0.15:8000/api/health' })
 * @throws on a placeholder without a value, an unknown override, or a stray brace.
 */
export function fill(
  evidence: Pick<EvidenceText, 'template' | 'values'>,
  overrides: Readonly<Record<string, string>> = {},
): string {
  const names = placeholders(evidence.template);
  for (const name of Object.keys(overrides)) {
    if (!names.has(name)) {
      throw new Error(`fill: template has no {${name}} (it has: ${[...names].join(', ')})`);
    }
  }
  return evidence.template.replace(TOKEN, (token, name: string | undefined) => {
    if (token === '{{') return '{';
    if (token === '}}') return '}';
    if (name === undefined) throw new Error(`fill: stray "${token}" in template`);
    const value = overrides[name] ?? evidence.values[name];
    if (value === undefined) throw new Error(`fill: no value for {${name}}`);
    return value;
  });
}

/** The placeholder names a template uses. */
export function placeholders(template: string): Set<string> {
  const names = new Set<string>();
  for (const match of template.matchAll(TOKEN)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
  return names;
}

/**
 * Evidence quoted from a public source: the wording is the template's fixed text, exactly as
 * the source prints it; `values` are the example values (Studio's names where the source had
 * its own, said in `source.note`). Values the template does not use are dropped, so one set of
 * example values can serve several templates.
 */
export function cite(
  template: string,
  values: Readonly<Record<string, string>>,
  source: Omit<CitedSource, 'kind'>,
): EvidenceText {
  const used = placeholders(template);
  const own = Object.fromEntries(Object.entries(values).filter(([name]) => used.has(name)));
  return {
    text: fill({ template, values: own }),
    template,
    values: own,
    source: { kind: 'cited', ...source },
  };
}
