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

/**
 * One redactor per collection: every text that enters the bundle passes through it, and it
 * counts replacements per rule for the manifest (never the values).
 */
export class Redactor {
  readonly #counts = new Map<string, number>();

  /** A stateful redactor for one stream of lines (a log, a file). */
  lines(): (line: string) => string {
    const steps = redactionRules.map((rule) => ({ id: rule.id, apply: rule.start() }));
    return (line) => {
      let text = line;
      for (const step of steps) {
        const r = step.apply(text);
        if (r.count > 0) this.#add(step.id, r.count);
        text = r.text;
      }
      return text;
    };
  }

  /** Redacts a whole text (possibly multi-line); lines a private-key block swallowed vanish. */
  text(value: string): string {
    if (value === '') return value;
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
