import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector, SelectorError } from './label-selector.js';

const labels = { app: 'web', tier: 'frontend', 'app.kubernetes.io/name': 'studio', replicas: '3' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (db)', false],
    ['app notin (db, cache)', true],
    ['missing notin (x)', true],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app.kubernetes.io/name=studio,tier=frontend', true],
    ['app=web,tier=backend', false],
    ['app in (web),tier notin (backend),!legacy', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app>1', false],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('treats objects without labels as having none', () => {
    expect(matchesLabels(parseLabelSelector('!app'), undefined)).toBe(true);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });

  it('refuses what it cannot parse, naming the requirement', () => {
    expect(() => parseLabelSelector('app=web,=x')).toThrow(SelectorError);
    expect(() => parseLabelSelector('app in web')).toThrow(
      /unable to parse requirement: "app in web"/,
    );
  });
});
