import { configMapPrinter } from './configmaps.js';
import { cronJobPrinter } from './cronjobs.js';
import { daemonSetPrinter } from './daemonsets.js';
import { defaultPrinter } from './default.js';
import { deploymentPrinter } from './deployments.js';
import { endpointsPrinter } from './endpoints.js';
import { endpointSlicePrinter } from './endpointslices.js';
import { eventPrinter } from './events.js';
import { ingressClassPrinter } from './ingressclasses.js';
import { ingressPrinter } from './ingresses.js';
import { jobPrinter } from './jobs.js';
import { namespacePrinter } from './namespaces.js';
import { networkPolicyPrinter } from './networkpolicies.js';
import { nodePrinter } from './nodes.js';
import { persistentVolumeClaimPrinter } from './persistentvolumeclaims.js';
import { podPrinter } from './pods.js';
import { replicaSetPrinter } from './replicasets.js';
import { secretPrinter } from './secrets.js';
import { serviceAccountPrinter } from './serviceaccounts.js';
import { servicePrinter } from './services.js';
import { statefulSetPrinter } from './statefulsets.js';
import { storageClassPrinter } from './storageclasses.js';
import type { Printer } from './table.js';

/** Table printers by resource; kinds not listed get the server's default NAME/CREATED AT table. */
export const printers: readonly Printer[] = [
  podPrinter,
  eventPrinter,
  nodePrinter,
  servicePrinter,
  endpointsPrinter,
  endpointSlicePrinter,
  ingressPrinter,
  ingressClassPrinter,
  deploymentPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
  daemonSetPrinter,
  jobPrinter,
  cronJobPrinter,
  namespacePrinter,
  secretPrinter,
  configMapPrinter,
  serviceAccountPrinter,
  persistentVolumeClaimPrinter,
  storageClassPrinter,
  networkPolicyPrinter,
];

export function printerFor(resource: string): Printer {
  return printers.find((p) => p.resource === resource) ?? { ...defaultPrinter, resource };
}
