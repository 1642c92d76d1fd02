import type { ScanPattern } from '../bundle/line-scan.js';
import { buildCertificates, certificatesCollection } from './certificates.js';
import { estimateCollectionTime } from './collection-time.js';
import { buildContainers, containersCollection } from './containers.js';
import type { FactContext } from './context.js';
import { buildEvents, eventsCollection } from './events.js';
import { buildExecChecks, execChecksCollection } from './exec-checks.js';
import { buildHealthProbes, healthProbesCollection } from './health.js';
import {
  buildDisks,
  buildDockerContainers,
  buildHostCommands,
  buildHostUnits,
  buildMemory,
  disksCollection,
  dockerContainersCollection,
  hostCommandsCollection,
  hostUnitsCollection,
  memoryCollection,
} from './host.js';
import { buildImages, buildReleases, imagesCollection, releasesCollection } from './images.js';
import {
  buildIngressRequests,
  buildPrometheusAlerts,
  ingressRequestsCollection,
  prometheusAlertsCollection,
} from './ingress-requests.js';
import { buildIngresses, ingressesCollection } from './ingresses.js';
import { buildLogs, logsCollection } from './logs.js';
import { buildMissing, missingCollection } from './missing.js';
import { buildNginxErrors, nginxErrorsCollection, nginxScanPatterns } from './nginx.js';
import { buildNodes, nodesCollection } from './nodes.js';
import { buildPods, podsCollection } from './pods.js';
import {
  buildContainerUsage,
  buildNodeResources,
  containerUsageCollection,
  nodeResourcesCollection,
} from './resource-usage.js';
import { buildSecrets, secretsCollection } from './secrets.js';
import { buildServices, servicesCollection } from './services.js';
import type { FactCollection, FactItem, Facts } from './types.js';
import { buildWorkloads, workloadsCollection } from './workloads.js';

export interface FactTopic extends FactCollection {
  /** Builds the collection; sees every collection listed before it. */
  build(ctx: FactContext, facts: Facts): FactItem[];
}

/** Every fact collection rules can name, in build order (later ones join earlier ones). */
export const factRegistry: readonly FactTopic[] = [
  { ...podsCollection, build: buildPods },
  { ...containersCollection, build: buildContainers },
  { ...eventsCollection, build: buildEvents },
  { ...workloadsCollection, build: buildWorkloads },
  { ...servicesCollection, build: buildServices },
  { ...secretsCollection, build: buildSecrets },
  { ...certificatesCollection, build: buildCertificates },
  { ...ingressesCollection, build: buildIngresses },
  { ...imagesCollection, build: buildImages },
  { ...releasesCollection, build: buildReleases },
  { ...nodesCollection, build: buildNodes },
  { ...logsCollection, build: buildLogs },
  { ...nginxErrorsCollection, build: buildNginxErrors },
  { ...execChecksCollection, build: buildExecChecks },
  { ...healthProbesCollection, build: buildHealthProbes },
  { ...containerUsageCollection, build: buildContainerUsage },
  { ...nodeResourcesCollection, build: buildNodeResources },
  { ...ingressRequestsCollection, build: buildIngressRequests },
  { ...prometheusAlertsCollection, build: buildPrometheusAlerts },
  { ...hostCommandsCollection, build: buildHostCommands },
  { ...hostUnitsCollection, build: buildHostUnits },
  { ...dockerContainersCollection, build: buildDockerContainers },
  { ...disksCollection, build: buildDisks },
  { ...memoryCollection, build: buildMemory },
  { ...missingCollection, build: buildMissing },
];

export function factCollection(name: string): FactTopic | undefined {
  return factRegistry.find((t) => t.name === name);
}

/** Log patterns the facts layer needs from the one combined log scan. */
export const factScanPatterns: readonly ScanPattern[] = nginxScanPatterns;

/** Builds every collection. Undefined fields are dropped, so "absent" reads the same everywhere. */
export function buildFacts(ctx: FactContext): Facts {
  estimateCollectionTime(ctx);
  const facts: Facts = {};
  for (const topic of factRegistry) {
    facts[topic.name] = topic.build(ctx, facts).map((item) => {
      for (const key of Object.keys(item)) if (item[key] === undefined) delete item[key];
      return item;
    });
  }
  return facts;
}

export { FactContext } from './context.js';
export type { Evidence, FactCollection, FactItem, Facts, FieldDef, FieldType } from './types.js';
