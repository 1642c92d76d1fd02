import type { Collector } from '../../bundle/index.js';
import { certificates } from './certificates.js';
import { clusterResources } from './cluster-resources.js';
import { clusterVersion } from './cluster-version.js';
import { execBackend } from './exec-backend.js';
import { execFrontend } from './exec-frontend.js';
import type { K8sEnv } from './env.js';
import { healthProbes } from './health-probes.js';
import { ingressController } from './ingress-controller.js';
import { ingressMetrics } from './ingress-metrics.js';
import { kubeSystemDns } from './kube-system-dns.js';
import { nodeAllocations } from './node-allocations.js';
import { podLogs } from './pod-logs.js';
import { prometheusAlerts } from './prometheus-alerts.js';
import { resourceMetrics } from './resource-metrics.js';
import { secrets } from './secrets.js';
import { studioResources } from './studio-resources.js';

/** Every Kubernetes collector, in manifest order. Add one: its file, its test, one line here. */
export const k8sCollectors: readonly Collector<K8sEnv>[] = [
  clusterVersion,
  clusterResources,
  studioResources,
  ingressController,
  kubeSystemDns,
  podLogs,
  secrets,
  certificates,
  resourceMetrics,
  nodeAllocations,
  ingressMetrics,
  prometheusAlerts,
  healthProbes,
  execBackend,
  execFrontend,
];

export { K8sEnv, type K8sOptions } from './env.js';
