import { describe, expect, it } from 'vitest';
import {
  bundleName,
  ingressMetricsPath,
  prometheusQueriesPath,
  execOutputPath,
  execResultPath,
  parseExecPath,
  clusterListPath,
  hostFilePath,
  namespacedListPath,
  nodeAllocationsPath,
  nodeMetricsPath,
  parsePodLogPath,
  podLogPath,
  podMetricsPath,
  secretsMetadataPath,
  troubleshootListPath,
} from './paths.js';

describe('bundle paths', () => {
  it('builds troubleshoot-compatible resource paths', () => {
    expect(namespacedListPath('pods', 'datachain-studio')).toBe(
      'cluster-resources/pods/datachain-studio.json',
    );
    expect(clusterListPath('nodes')).toBe('cluster-resources/nodes.json');
    expect(secretsMetadataPath('datachain-studio')).toBe('secrets/datachain-studio.json');
  });

  it('refuses unknown folders and scope mix-ups', () => {
    expect(() => namespacedListPath('secrets', 'x')).toThrow(
      /no namespaced resource folder "secrets"/,
    );
    expect(() => clusterListPath('pods')).toThrow(/cluster-scoped/);
  });

  it('builds troubleshoot list paths for folders outside the format', () => {
    expect(troubleshootListPath('cronjobs', 'kube-system')).toBe(
      'cluster-resources/cronjobs/kube-system.json',
    );
    expect(troubleshootListPath('pvs')).toBe('cluster-resources/pvs.json');
    expect(() => troubleshootListPath('../x')).toThrow(/single path segment/);
  });

  it('round-trips pod log paths, current and previous', () => {
    const current = podLogPath('ns', 'backend-1', 'backend', false);
    const previous = podLogPath('ns', 'backend-1', 'backend', true);
    expect(current).toBe('cluster-resources/pods/logs/ns/backend-1/backend.log');
    expect(previous).toBe('cluster-resources/pods/logs/ns/backend-1/backend-previous.log');
    expect(parsePodLogPath(previous)).toEqual({
      namespace: 'ns',
      pod: 'backend-1',
      container: 'backend',
      previous: true,
    });
    expect(parsePodLogPath(current)?.previous).toBe(false);
    expect(parsePodLogPath('cluster-resources/pods/ns.json')).toBeUndefined();
  });

  it('never lets a name escape its folder', () => {
    expect(() => podLogPath('ns', '../etc', 'c', false)).toThrow(/single path segment/);
    expect(() => podLogPath('ns', 'p', 'a/b', false)).toThrow(/single path segment/);
    expect(() => hostFilePath('/var/log/../../etc/shadow')).toThrow(/single path segment/);
    expect(() => hostFilePath('var/log/nginx/error.log')).toThrow(/absolute/);
    expect(hostFilePath('/var/log/nginx/error.log')).toBe('host/files/var/log/nginx/error.log');
  });

  it('builds resource usage paths', () => {
    expect(nodeMetricsPath).toBe('metrics/nodes.json');
    expect(podMetricsPath('datachain-studio')).toBe('metrics/pods/datachain-studio.json');
    expect(nodeAllocationsPath).toBe('metrics/node-allocations.json');
    expect(() => podMetricsPath('..')).toThrow(/single path segment/);
  });

  it('builds and parses in-pod check paths', () => {
    expect(execOutputPath('ns', 'backend-1', 'database')).toBe('exec/ns/backend-1/database.txt');
    const json = execResultPath('ns', 'backend-1', 'dns-getent');
    expect(json).toBe('exec/ns/backend-1/dns-getent.json');
    expect(parseExecPath(json)).toEqual({
      namespace: 'ns',
      pod: 'backend-1',
      check: 'dns-getent',
      file: 'json',
    });
    expect(parseExecPath('exec/ns/backend-1/x/database.txt')).toBeUndefined();
    expect(() => execOutputPath('ns', 'p', '../x')).toThrow(/single path segment/);
  });

  it('builds the 502-rate paths', () => {
    expect(ingressMetricsPath('ingress-nginx', 'controller-1')).toBe(
      'ingress-metrics/ingress-nginx/controller-1.json',
    );
    expect(prometheusQueriesPath).toBe('prometheus/queries.json');
  });

  it('names bundles by UTC second', () => {
    expect(bundleName(new Date('2026-11-25T11:39:14.123Z'))).toBe('studio-bundle-20261125T113914Z');
  });
});
