import { humanDuration, since } from '../human-duration.js';
import {
  ageColumn,
  col,
  containerCells,
  formatLabelSelector,
  int,
  nameColumn,
  type Printer,
} from './table.js';
import {
  containersWide,
  imagesWide,
  type SelectorLike,
  type PodTemplateLike,
} from './workload-types.js';

interface JobLike {
  metadata: { deletionTimestamp?: string | null };
  spec?: {
    completions?: number;
    parallelism?: number;
    selector?: SelectorLike;
    template?: PodTemplateLike;
  };
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: { type: string; status: string }[];
  };
}

function hasCondition(job: JobLike, type: string): boolean {
  const c = job.status?.conditions?.find((x) => x.type === type);
  return c?.status === 'True';
}

export const jobPrinter: Printer = {
  resource: 'jobs',
  columns: [
    nameColumn,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    col('Containers', 'string', containersWide, 1),
    col('Images', 'string', imagesWide, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells(obj, { now }) {
    const job = obj as unknown as JobLike;
    const succeeded = int(job.status?.succeeded);
    let completions: string;
    if (job.spec?.completions !== undefined) {
      completions = `${succeeded}/${job.spec.completions}`;
    } else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = job.status?.startTime ? Date.parse(job.status.startTime) : undefined;
    const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
    const duration = start === undefined ? '' : humanDuration(end - start);
    const status = hasCondition(job, 'Complete')
      ? 'Complete'
      : hasCondition(job, 'Failed')
        ? 'Failed'
        : job.metadata.deletionTimestamp
          ? 'Terminating'
          : hasCondition(job, 'Suspended')
            ? 'Suspended'
            : hasCondition(job, 'FailureTarget')
              ? 'FailureTarget'
              : 'Running';
    const [names, images] = containerCells(job.spec?.template?.spec?.containers);
    return [
      obj.metadata.name,
      status,
      completions,
      duration,
      since(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};
