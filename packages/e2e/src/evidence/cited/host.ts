// VM-side evidence that cannot be produced here: PID 1 is not systemd and the kernel log is
// not ours to provoke. systemd lines are composed from the format strings in Debian 12's
// systemd 252.38 binaries (found with `strings`, see ../README.md); kernel OOM lines are quoted.
import { cite } from '../fill.js';
import type { Evidence } from '../types.js';

const issue = (repo: string, n: number) => `https://github.com/${repo}/issues/${n}`;
// The format strings were read from the installed package's binaries, not from a repository.
const SYSTEMD_252 = 'https://packages.debian.org/bookworm/systemd';
const composed = (formats: string) =>
  `composed from systemd 252.38 (Debian 12) format strings ${formats} in /usr/lib/x86_64-linux-gnu/systemd/libsystemd-core-252.so; journal line layout "Mon DD HH:MM:SS host systemd[1]: …" as journalctl prints it (see OverC/meta-overc#98 for a real quote)`;

const unit = {
  time: 'Nov 25 12:00:03',
  host: 'studio-vm',
  unit: 'datachain-studio.service',
  description: 'DataChain Studio',
};
const JOURNAL = '{time} {host} systemd[1]: ';

export const systemd = {
  mainProcessExited: cite(
    JOURNAL + '{unit}: Main process exited, code=exited, status={status}/FAILURE',
    { ...unit, status: '1' },
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed('"MESSAGE=%s: %s exited, code=%s, status=%i/%s%s"'),
    },
  ),
  failedWithResult: cite(
    JOURNAL + "{unit}: Failed with result '{result}'.",
    { ...unit, result: 'exit-code' },
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed(`"MESSAGE=%s: Failed with result '%s'."`),
    },
  ),
  failedToStart: {
    ...cite(JOURNAL + 'Failed to start {unit} - {description}.', unit, {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed(
        '"Failed to start %s." with StatusUnitFormat=combined ("unit - description"), the default Debian 12 documents in /etc/systemd/system.conf',
      ),
      appliesTo: 'systemd ≥ 252 (Debian 12, Ubuntu 24.04)',
    }),
    variants: [
      cite(JOURNAL + 'Failed to start {description}.', unit, {
        url: 'https://github.com/OverC/meta-overc/pull/98',
        quote: 'issue',
        note: 'journal line from `systemctl status`, unit description only; unit name is a Studio example',
        appliesTo: 'older systemd (description-only status format, e.g. Ubuntu 22.04)',
      }),
    ],
  },
  startRequestRepeatedTooQuickly: cite(
    JOURNAL + '{unit}: Start request repeated too quickly.',
    unit,
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed('"Start request repeated too quickly." (logged with the unit prefix)'),
    },
  ),
  scheduledRestart: cite(
    JOURNAL + '{unit}: Scheduled restart job, restart counter is at {count}.',
    { ...unit, count: '5' },
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed('"MESSAGE=%s: Scheduled restart job, restart counter is at %u."'),
    },
  ),
  killedByOomKiller: cite(
    JOURNAL + '{unit}: A process of this unit has been killed by the OOM killer.',
    unit,
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: composed('"MESSAGE=%s: A process of this unit has been killed by the OOM killer."'),
    },
  ),
  statusFailed: cite(
    '× {unit} - {description}\n' +
      '     Loaded: loaded ({unitFile}; enabled; preset: enabled)\n' +
      '     Active: failed (Result: exit-code) since {since}; {ago} ago\n' +
      '    Process: {pid} ExecStart={execStart} (code=exited, status=1/FAILURE)\n' +
      '   Main PID: {pid} (code=exited, status=1/FAILURE)\n' +
      '        CPU: {cpu}',
    {
      ...unit,
      unitFile: '/etc/systemd/system/datachain-studio.service',
      since: 'Wed 2026-11-25 12:00:03 UTC',
      ago: '3min 12s',
      pid: '4121',
      execStart: '/usr/bin/docker compose up',
      cpu: '412ms',
    },
    {
      url: SYSTEMD_252,
      quote: 'source',
      note: 'composed from /usr/bin/systemctl 252.38 format strings ("     Loaded: %s%s%s (%s; %s%s%s%s%s%s%s)", "; preset: ", "     Active: %s%s (%s)%s", " since %s; %s", "    Process: %i %s=%s ", "(code=%s, status=%i/%s)", "   Main PID: %i", "        CPU: %s"); "×" marks a failed unit (systemctl(1)); the journal tail that follows is in this group',
      appliesTo: 'systemd ≥ 249 ("preset:"; older prints "vendor preset:" and "●")',
    },
  ),
} satisfies Record<string, Evidence>;

const proc = { pid: '48213', comm: 'gunicorn' };
export const kernel = {
  oomKilledProcess: {
    ...cite(
      'Out of memory: Killed process {pid} ({comm}) total-vm:{totalVm}kB, anon-rss:{anonRss}kB, file-rss:{fileRss}kB, shmem-rss:{shmemRss}kB, UID:{uid} pgtables:{pgtables}kB oom_score_adj:{oomScoreAdj}',
      {
        ...proc,
        totalVm: '1942312',
        anonRss: '1624508',
        fileRss: '0',
        shmemRss: '0',
        uid: '1000',
        pgtables: '3552',
        oomScoreAdj: '0',
      },
      {
        url: issue('aquarist-labs/aquarium', 695),
        quote: 'issue',
        note: 'kernel message (dmesg; journalctl -k prefixes "Mon DD HH:MM:SS host kernel: "); process name and sizes are examples',
        appliesTo: 'Linux ≥ 5.3',
      },
    ),
    variants: [
      cite(
        '{time} {host} kernel: [{uptime}] Out of memory: Killed process {pid} ({comm}) total-vm:{totalVm}kB, anon-rss:{anonRss}kB, file-rss:{fileRss}kB, shmem-rss:{shmemRss}kB',
        {
          time: 'Nov 25 11:58:40',
          host: 'studio-vm',
          uptime: '  518.050606',
          ...proc,
          totalVm: '1942312',
          anonRss: '1624508',
          fileRss: '3028',
          shmemRss: '0',
        },
        {
          url: 'https://github.com/docker/for-linux/issues/1001',
          quote: 'issue',
          note: 'syslog line with the kernel timestamp; values are examples',
          appliesTo: 'Linux 5.0–5.2 (no UID/pgtables/oom_score_adj)',
        },
      ),
      cite(
        'Memory cgroup out of memory: Killed process {pid} ({comm}) total-vm:{totalVm}kB, anon-rss:{anonRss}kB, file-rss:{fileRss}kB, shmem-rss:{shmemRss}kB, UID:{uid} pgtables:{pgtables}kB oom_score_adj:{oomScoreAdj}',
        {
          ...proc,
          totalVm: '1942312',
          anonRss: '1624508',
          fileRss: '52176',
          shmemRss: '92',
          uid: '0',
          pgtables: '1372',
          oomScoreAdj: '986',
        },
        {
          url: 'https://github.com/reportportal/kubernetes/issues/203',
          quote: 'issue',
          note: 'a container hitting its memory limit (cgroup OOM); values are examples',
          appliesTo: 'a cgroup (container) memory limit rather than the whole machine',
        },
      ),
      cite(
        '{time} {host} kernel: Out of memory: Kill process {pid} ({comm}) score {score} or sacrifice child\n{time} {host} kernel: Killed process {pid} ({comm}) total-vm:{totalVm}kB, anon-rss:{anonRss}kB, file-rss:{fileRss}kB, shmem-rss:{shmemRss}kB',
        {
          time: 'Nov 25 11:58:40',
          host: 'studio-vm',
          ...proc,
          score: '31',
          totalVm: '1942312',
          anonRss: '1624508',
          fileRss: '4',
          shmemRss: '0',
        },
        {
          url: 'https://github.com/genular/pandora/issues/49',
          quote: 'issue',
          note: 'journal lines; values are examples',
          appliesTo: 'Linux < 5.0',
        },
      ),
    ],
  },
  oomKillConstraint: cite(
    'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset={cpuset},mems_allowed=0,global_oom,task_memcg={memcg},task={comm},pid={pid},uid={uid}',
    { cpuset: '/', memcg: '/system.slice/datachain-studio.service', ...proc, uid: '1000' },
    {
      url: 'https://github.com/dokku/dokku/issues/4676',
      quote: 'issue',
      note: 'the line the kernel prints before "Out of memory: Killed process"; cgroup paths and ids are examples',
    },
  ),
} satisfies Record<string, Evidence>;

export const dockerDaemon = {
  failedToStart: cite(
    JOURNAL + 'Failed to start {unit} - {description}.',
    { ...unit, unit: 'docker.service', description: 'Docker Application Container Engine' },
    {
      url: 'https://github.com/moby/moby/blob/45873be4ae3f5488c9498b3d9f17deaddaf609f4/contrib/init/systemd/docker.service',
      quote: 'source',
      note: `Description= of docker.service (moby v28.2.2) in ${composed('"Failed to start %s."')}`,
      appliesTo: 'systemd ≥ 252',
    },
  ),
} satisfies Record<string, Evidence>;
