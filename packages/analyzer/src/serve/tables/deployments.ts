import { since } from '../human-duration.js';
import {
  ageColumn,
  col,
  containerCells,
  int,
  nameColumn,
  selectorString,
  type Printer,
} from './table.js';
import { containersWide, imagesWide, type WorkloadLike } from './workload-types.js';

export const deploymentPrinter: Printer = {
  resource: 'deployments',
  columns: [
    nameColumn,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    col(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn,
    col('Containers', 'string', containersWide, 1),
    col('Images', 'string', imagesWide, 1),
    col('Selector', 'string', 'Label selector for pods.', 1),
  ],
  cells(obj, { now }) {
    const d = obj as unknown as WorkloadLike;
    const status = d.status ?? {};
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      obj.metadata.name,
      `${int(status.readyReplicas)}/${d.spec?.replicas ?? 1}`,
      int(status.updatedReplicas),
      int(status.availableReplicas),
      since(obj.metadata.creationTimestamp, now),
      names,
      images,
      selectorString(d.spec?.selector),
    ];
  },
};
