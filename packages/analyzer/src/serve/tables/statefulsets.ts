import { since } from '../human-duration.js';
import { ageColumn, col, containerCells, int, nameColumn, type Printer } from './table.js';
import { containersWide, imagesWide, type WorkloadLike } from './workload-types.js';

export const statefulSetPrinter: Printer = {
  resource: 'statefulsets',
  columns: [
    nameColumn,
    col('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    col('Containers', 'string', containersWide, 1),
    col('Images', 'string', imagesWide, 1),
  ],
  cells(obj, { now }) {
    const s = obj as unknown as WorkloadLike;
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [
      obj.metadata.name,
      `${int(s.status?.readyReplicas)}/${s.spec?.replicas ?? 1}`,
      since(obj.metadata.creationTimestamp, now),
      names,
      images,
    ];
  },
};
