import { since } from '../human-duration.js';
import {
  ageColumn,
  col,
  containerCells,
  formatLabelSelector,
  int,
  nameColumn,
  type Printer,
} from './table.js';
import { containersWide, imagesWide, type WorkloadLike } from './workload-types.js';

export const replicaSetPrinter: Printer = {
  resource: 'replicasets',
  columns: [
    nameColumn,
    col('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn,
    col('Containers', 'string', containersWide, 1),
    col('Images', 'string', imagesWide, 1),
    col(
      'Selector',
      'string',
      'Selector is a label query over pods that should match the replica count.',
      1,
    ),
  ],
  cells(obj, { now }) {
    const rs = obj as unknown as WorkloadLike;
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    return [
      obj.metadata.name,
      rs.spec?.replicas ?? 1,
      int(rs.status?.replicas),
      int(rs.status?.readyReplicas),
      since(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(rs.spec?.selector),
    ];
  },
};
