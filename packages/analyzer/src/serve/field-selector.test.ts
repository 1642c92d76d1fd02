import { describe, expect, it } from 'vitest';
import { matchesFields, parseFieldSelector } from './field-selector.js';
import { SelectorError } from './label-selector.js';
import type { KubeObject } from './objects.js';

const event: KubeObject = {
  metadata: { name: 'backend.1', namespace: 'datachain-studio' },
  involvedObject: { kind: 'Pod', name: 'backend', namespace: 'datachain-studio', uid: 'u-1' },
  reason: 'BackOff',
  type: 'Warning',
  source: { component: 'kubelet', host: 'node-1' },
};
const pod: KubeObject = {
  metadata: { name: 'backend', namespace: 'datachain-studio' },
  spec: { nodeName: 'node-1' },
  status: { phase: 'Running' },
};

describe('field selectors', () => {
  it('selects events the way kubectl describe asks for them', () => {
    const sel = parseFieldSelector(
      'involvedObject.name=backend,involvedObject.namespace=datachain-studio,involvedObject.kind=Pod,involvedObject.uid=u-1',
      'events',
    );
    expect(matchesFields(sel, event)).toBe(true);
    expect(matchesFields(parseFieldSelector('involvedObject.uid=other', 'events'), event)).toBe(
      false,
    );
    expect(matchesFields(parseFieldSelector('type!=Normal,source=kubelet', 'events'), event)).toBe(
      true,
    );
  });

  it.each([
    ['metadata.name=backend', true],
    ['metadata.name==backend', true],
    ['metadata.name!=backend', false],
    ['spec.nodeName=node-1', true],
    ['spec.nodeName=', false],
    ['status.phase!=Running', false],
    ['status.phase=Running,metadata.namespace=datachain-studio', true],
  ])('pods %j: %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector, 'pods'), pod)).toBe(expected);
  });

  it('compares an absent field as the empty string', () => {
    const unscheduled: KubeObject = { metadata: { name: 'p' }, spec: {} };
    expect(matchesFields(parseFieldSelector('spec.nodeName=', 'pods'), unscheduled)).toBe(true);
  });

  it('refuses fields the server does not index, as the API server does', () => {
    expect(() => parseFieldSelector('spec.nodeName=x', 'services')).toThrow(
      'field label not supported: spec.nodeName',
    );
    expect(() => parseFieldSelector('nonsense', 'pods')).toThrow(SelectorError);
  });
});
