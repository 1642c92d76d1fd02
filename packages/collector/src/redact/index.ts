import { redactedMarker, type RedactionRule } from './rule.js';
import { awsAccessKey } from './rules/aws-key.js';
import { bearerToken } from './rules/bearer-token.js';
import { connectionStringPassword } from './rules/connection-string-password.js';
import { jwt } from './rules/jwt.js';
import { privateKeyBlock } from './rules/private-key-block.js';
import { secretKeyNameId, isSecretKeyName } from './rules/secret-key-name.js';
import { secretPair } from './rules/secret-pair.js';

export { redactedMarker } from './rule.js';
export { isSecretKeyName } from './rules/secret-key-name.js';

/** Every line rule, in the order they run (the private-key block first: it swallows lines). */
export const redactionRules: readonly RedactionRule[] = [
  privateKeyBlock,
  connectionStringPassword,
  bearerToken,
  jwt,
  awsAccessKey,
  secretPair,
];

/** Ids of every rule the manifest may count, line rules and the key-name rule. */
export const redactionRuleIds = [...redactionRules.map((r) => r.id), secretKeyNameId] as const;

/** A stateful redactor for one stream of lines. */
export interface LineRedactor {
  (line: string): string;
  /**
   * True when every line of `text` (whole lines) would pass through unchanged: no rule's
   * condition holds and no multi-line span is open. Such a block can be written as it is.
   */
  passes(text: string): boolean;
}

/** No rule can change `text`, whatever lines it holds (a span cannot be open: no state). */
const untouched = (text: string): boolean => redactionRules.every((r) => !r.mayMatch(text));

/**
 * One redactor per collection: every text that enters the bundle passes through it, and it
 * counts replacements per rule for the manifest (never the values).
 */
export class Redactor {
  readonly #counts = new Map<string, number>();

  /** A stateful redactor for one stream of lines (a log, a file). */
  lines(): LineRedactor {
    const steps = redactionRules.map((rule) => ({ rule, apply: rule.start(), open: false }));
    const redact = (line: string): string => {
      let text = line;
      for (const step of steps) {
        if (!step.open && !step.rule.mayMatch(text)) continue;
        const r = step.apply(text);
        step.open = r.open === true;
        if (r.count > 0) this.#add(step.rule.id, r.count);
        text = r.text;
      }
      return text;
    };
    return Object.assign(redact, {
      passes: (text: string) => steps.every((s) => !s.open && !s.rule.mayMatch(text)),
    });
  }

  /** Redacts a whole text (possibly multi-line); lines a private-key block swallowed vanish. */
  text(value: string): string {
    if (value === '' || untouched(value)) return value;
    const redact = this.lines();
    const out: string[] = [];
    for (const line of value.split('\n')) {
      const r = redact(line);
      // A private-key block's inner lines come back empty: drop them, don't leave blanks.
      if (r !== '' || line === '') out.push(r);
    }
    return out.join('\n');
  }

  /** A value stored under a name (env var, ConfigMap key): a secret-looking name hides it all. */
  keyed(name: string, value: string): string {
    if (value !== '' && value !== redactedMarker && isSecretKeyName(name)) {
      this.#add(secretKeyNameId, 1);
      return redactedMarker;
    }
    return this.text(value);
  }

  /**
   * The output of `env` (NAME=value per line): names kept, each value redacted by its name
   * (a secret-looking name hides the whole value) and by pattern.
   */
  envText(value: string): string {
    return value
      .split('\n')
      .map((line) => {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        return m ? `${m[1]}=${this.keyed(m[1]!, m[2]!)}` : this.text(line);
      })
      .join('\n');
  }

  /**
   * Deep copy of a JSON value with every string redacted by pattern. Values stored under a
   * name are redacted by that name too: container env entries (`{name, value}`) and the
   * `data`/`stringData` maps of ConfigMaps. Structural fields (secretName, secretKeyRef) are
   * left alone: they name secrets, they don't hold them. The secret-bearing
   * `kubectl.kubernetes.io/last-applied-configuration` annotation is dropped.
   */
  json(value: unknown): unknown {
    return this.#walk(value, false);
  }

  #walk(value: unknown, isDataMap: boolean): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, false));
    if (value === null || typeof value !== 'object') return value;
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    const envName = typeof obj.name === 'string' && 'value' in obj ? obj.name : undefined;
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'kubectl.kubernetes.io/last-applied-configuration') {
        this.#add('last-applied-configuration', 1);
      } else if (typeof v === 'string' && isDataMap) {
        out[k] = this.keyed(k, v);
      } else if (typeof v === 'string' && k === 'value' && envName !== undefined) {
        out[k] = this.keyed(envName, v);
      } else {
        out[k] = this.#walk(v, k === 'data' || k === 'stringData');
      }
    }
    return out;
  }

  #add(id: string, n: number): void {
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + n);
  }

  /** Rule id → replacements so far, sorted by id (deterministic manifests). */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.#counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
