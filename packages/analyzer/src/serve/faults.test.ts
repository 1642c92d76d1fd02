import { describe, expect, it } from 'vitest';
import {
  checkFaultPlan,
  Faults,
  FaultSpecError,
  parseErrorSpec,
  parseResetSpec,
} from './faults.js';

describe('fault plans', () => {
  it('parses the --fail and --reset shortcuts', () => {
    expect(parseErrorSpec('events=403')).toEqual({ resource: 'events', status: 403 });
    expect(parseErrorSpec('pods:log=500')).toEqual({ resource: 'pods', verb: 'log', status: 500 });
    expect(parseResetSpec('pods:list')).toEqual({ resource: 'pods', verb: 'list' });
    expect(() => parseErrorSpec('pods=404')).toThrow(
      /--fail pods=404: expected RESOURCE\[:VERB\]=STATUS/,
    );
    expect(() => parseResetSpec('pods:watch')).toThrow(FaultSpecError);
  });

  it('checks plans read from files, naming the bad key', () => {
    expect(
      checkFaultPlan({ latencyMs: 20, errors: [{ resource: 'secrets', status: 403 }] }, 'f.yaml'),
    ).toBeTruthy();
    expect(() => checkFaultPlan({ latency: 20 }, 'f.yaml')).toThrow(
      'f.yaml: unknown key "latency"',
    );
    expect(() => checkFaultPlan({ errors: [{ status: 404 }] }, 'f.yaml')).toThrow(
      'f.yaml: errors[0].status: expected 403, 429 or 500, got 404',
    );
    expect(() => checkFaultPlan({ logStreams: [{ mode: 'hang' }] }, 'f.yaml')).toThrow(
      /logStreams\[0\]\.mode/,
    );
    expect(() => checkFaultPlan([], 'f.yaml')).toThrow(/expected an object/);
  });

  it('fires a rule `times` times, then lets requests through', () => {
    const faults = new Faults({ errors: [{ resource: 'events', status: 500, times: 2 }] });
    const target = { resource: 'events', verb: 'list' as const };
    expect(faults.error(target)?.status).toBe(500);
    expect(faults.error(target)?.status).toBe(500);
    expect(faults.error(target)).toBeUndefined();
    expect(faults.error({ resource: 'pods', verb: 'list' })).toBeUndefined();
  });

  it('expires only continue tokens older than afterMs', () => {
    const faults = new Faults({ continueExpiry: { afterMs: 1000 } });
    expect(faults.continueExpired(10_000, 10_500)).toBe(false);
    expect(faults.continueExpired(10_000, 11_500)).toBe(true);
  });
});
