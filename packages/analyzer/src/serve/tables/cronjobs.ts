import { since } from '../human-duration.js';
import {
  ageColumn,
  col,
  containerCells,
  formatLabelSelector,
  nameColumn,
  type Printer,
} from './table.js';
import {
  containersWide,
  imagesWide,
  type PodTemplateLike,
  type SelectorLike,
} from './workload-types.js';

interface CronJobLike {
  spec?: {
    schedule?: string;
    timeZone?: string;
    suspend?: boolean;
    jobTemplate?: { spec?: { selector?: SelectorLike; template?: PodTemplateLike } };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

const printBool = (v: boolean | undefined) => (v === undefined ? '<unset>' : v ? 'True' : 'False');

export const cronJobPrinter: Printer = {
  resource: 'cronjobs',
  columns: [
    nameColumn,
    col(
      'Schedule',
      'string',
      'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.',
    ),
    col('Timezone', 'string', 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col(
      'Last Schedule',
      'string',
      'Information when was the last time the job was successfully scheduled.',
    ),
    ageColumn,
    col('Containers', 'string', containersWide, 1),
    col('Images', 'string', imagesWide, 1),
    col('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  cells(obj, { now }) {
    const cj = obj as unknown as CronJobLike;
    const template = cj.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(template?.template?.spec?.containers);
    return [
      obj.metadata.name,
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      printBool(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      cj.status?.lastScheduleTime ? since(cj.status.lastScheduleTime, now) : '<none>',
      since(obj.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(template?.selector),
    ];
  },
};
