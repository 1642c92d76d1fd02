/**
 * Fault injection, so clients (the collector, the demo, benchmarks) can be tested against
 * the failures a real cluster produces: slow answers, a resource that answers 403/429/500,
 * connections reset mid-request, log streams that stall or trickle, continue tokens that
 * expire mid-pagination. Rules fire on every matching request, or `times` times and then
 * let requests through (so retries can be seen to succeed).
 */
export type Verb = 'list' | 'get' | 'log' | 'exec';

export interface FaultTarget {
  /** API plural (e.g. "events"); every resource when absent. */
  resource?: string;
  namespace?: string;
  name?: string;
  verb?: Verb;
}

export interface ErrorFault extends FaultTarget {
  status: 403 | 429 | 500;
  times?: number;
  /** Retry-After for 429 (default 1). */
  retryAfterSeconds?: number;
}

export interface ResetFault extends FaultTarget {
  times?: number;
}

export interface LogStreamFault {
  namespace?: string;
  pod?: string;
  container?: string;
  /** stall: send `afterBytes` then nothing, never ending; slow: `bytesPerSecond`. */
  mode: 'stall' | 'slow';
  afterBytes?: number;
  bytesPerSecond?: number;
  times?: number;
}

export interface ExecStreamFault {
  namespace?: string;
  pod?: string;
  container?: string;
  /** stall: the exec stream opens, then nothing is sent and it never ends. */
  mode: 'stall';
  times?: number;
}

export interface FaultPlan {
  /** Added before every answer. */
  latencyMs?: number;
  errors?: ErrorFault[];
  resets?: ResetFault[];
  logStreams?: LogStreamFault[];
  execStreams?: ExecStreamFault[];
  /** Continue tokens older than `afterMs` (default 0: all) answer 410 Gone, `times` times. */
  continueExpiry?: { afterMs?: number; times?: number };
}

export interface RequestTarget {
  resource: string;
  namespace?: string;
  name?: string;
  verb: Verb;
}

function matches(rule: FaultTarget, t: RequestTarget): boolean {
  return (
    (rule.resource === undefined || rule.resource === t.resource) &&
    (rule.namespace === undefined || rule.namespace === t.namespace) &&
    (rule.name === undefined || rule.name === t.name) &&
    (rule.verb === undefined || rule.verb === t.verb)
  );
}

/** A fault plan with its firing counters. */
export class Faults {
  private readonly fired = new Map<object, number>();

  constructor(readonly plan: FaultPlan = {}) {}

  /** True when the rule still has firings left; counts this one. */
  private take(rule: object & { times?: number }): boolean {
    const n = this.fired.get(rule) ?? 0;
    if (rule.times !== undefined && n >= rule.times) return false;
    this.fired.set(rule, n + 1);
    return true;
  }

  error(t: RequestTarget): ErrorFault | undefined {
    return this.plan.errors?.find((r) => matches(r, t) && this.take(r));
  }

  reset(t: RequestTarget): boolean {
    return this.plan.resets?.some((r) => matches(r, t) && this.take(r)) ?? false;
  }

  logStream(namespace: string, pod: string, container: string): LogStreamFault | undefined {
    return this.plan.logStreams?.find(
      (r) =>
        (r.namespace === undefined || r.namespace === namespace) &&
        (r.pod === undefined || r.pod === pod) &&
        (r.container === undefined || r.container === container) &&
        this.take(r),
    );
  }

  execStream(namespace: string, pod: string, container: string): ExecStreamFault | undefined {
    return this.plan.execStreams?.find(
      (r) =>
        (r.namespace === undefined || r.namespace === namespace) &&
        (r.pod === undefined || r.pod === pod) &&
        (r.container === undefined || r.container === container) &&
        this.take(r),
    );
  }

  continueExpired(issuedAt: number, now: number): boolean {
    const rule = this.plan.continueExpiry;
    if (!rule || now - issuedAt < (rule.afterMs ?? 0)) return false;
    return this.take(rule);
  }
}

export class FaultSpecError extends Error {}

/** `events=403`, `pods:log=500`, `pods:exec=403`: resource[:verb]=status. */
export function parseErrorSpec(spec: string): ErrorFault {
  const m = /^([a-z0-9.-]+)(?::(list|get|log|exec))?=(403|429|500)$/.exec(spec);
  if (!m) {
    throw new FaultSpecError(
      `--fail ${spec}: expected RESOURCE[:VERB]=STATUS with VERB list|get|log|exec and STATUS 403|429|500, e.g. events=403 or pods:exec=403`,
    );
  }
  return {
    resource: m[1]!,
    ...(m[2] && { verb: m[2] as Verb }),
    status: Number(m[3]) as ErrorFault['status'],
  };
}

/** `events`, `pods:log`: resource[:verb]. */
export function parseResetSpec(spec: string): ResetFault {
  const m = /^([a-z0-9.-]+)(?::(list|get|log))?$/.exec(spec);
  if (!m) {
    throw new FaultSpecError(
      `--reset ${spec}: expected RESOURCE[:VERB] with VERB list|get|log, e.g. pods:log`,
    );
  }
  return { resource: m[1]!, ...(m[2] && { verb: m[2] as Verb }) };
}

/** Checks a fault plan read from a file: unknown keys and wrong types are refused. */
export function checkFaultPlan(value: unknown, where: string): FaultPlan {
  const fail = (what: string): never => {
    throw new FaultSpecError(`${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      'expected an object with latencyMs, errors, resets, logStreams, execStreams, continueExpiry',
    );
  }
  const known = ['latencyMs', 'errors', 'resets', 'logStreams', 'execStreams', 'continueExpiry'];
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown key "${key}", expected one of ${known.join(', ')}`);
  }
  const plan = value as FaultPlan;
  if (plan.latencyMs !== undefined && !(Number.isFinite(plan.latencyMs) && plan.latencyMs >= 0)) {
    fail(`latencyMs: expected a number >= 0, got ${JSON.stringify(plan.latencyMs)}`);
  }
  for (const [key, list] of [
    ['errors', plan.errors],
    ['resets', plan.resets],
    ['logStreams', plan.logStreams],
    ['execStreams', plan.execStreams],
  ] as const) {
    if (list !== undefined && !Array.isArray(list)) fail(`${key}: expected a list`);
  }
  plan.errors?.forEach((e, i) => {
    if (![403, 429, 500].includes(e.status)) {
      fail(`errors[${i}].status: expected 403, 429 or 500, got ${JSON.stringify(e.status)}`);
    }
  });
  plan.logStreams?.forEach((l, i) => {
    if (l.mode !== 'stall' && l.mode !== 'slow') {
      fail(`logStreams[${i}].mode: expected "stall" or "slow", got ${JSON.stringify(l.mode)}`);
    }
  });
  plan.execStreams?.forEach((e, i) => {
    if (e.mode !== 'stall') {
      fail(`execStreams[${i}].mode: expected "stall", got ${JSON.stringify(e.mode)}`);
    }
  });
  return plan;
}
