import {
  hostCommandOutputPath,
  hostCommandResultPath,
  type HostCommandResult,
} from '@studio-support/schema';
import { componentOf } from './component.js';
import { imageTag } from './containers.js';
import type { FactContext } from './context.js';
import { arr, at, bool, num, rec, str } from './json.js';
import type { FactCollection, FactItem } from './types.js';

/** A command's stdout as lines with their 1-based numbers, when collected. */
function output(ctx: FactContext, id: string): { path: string; lines: string[] } | undefined {
  const path = hostCommandOutputPath(id);
  const text = ctx.text(path);
  return text === undefined
    ? undefined
    : { path, lines: text.split('\n').map((l) => l.replace(/\r$/, '')) };
}

export const hostCommandsCollection: FactCollection = {
  name: 'hostCommands',
  doc: 'How each command ran on the VM (host/commands/<id>.json).',
  fields: {
    id: { type: 'string', doc: 'Command id (docker-ps, systemctl-status-datachain-studio, …).' },
    argv: { type: 'strings', doc: 'The command line.' },
    exitCode: { type: 'number', doc: 'Exit code (absent when killed).' },
    ok: { type: 'boolean', doc: 'Exit code 0.' },
    missing: { type: 'boolean', doc: 'The program is not installed.' },
    timedOut: { type: 'boolean', doc: 'Killed at its deadline.' },
    stderr: { type: 'string', doc: 'The head of stderr.' },
  },
};

export function buildHostCommands(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const path of ctx.bundle.files.keys()) {
    const id = /^host\/commands\/([^/]+)\.json$/.exec(path)?.[1];
    if (!id || path !== hostCommandResultPath(id)) continue;
    const r = ctx.json(path) as HostCommandResult | undefined;
    if (!r) continue;
    out.push({
      id,
      argv: r.argv,
      exitCode: r.exitCode ?? undefined,
      ok: r.exitCode === 0,
      missing: r.missing,
      timedOut: r.timedOut,
      stderr: r.stderr,
      evidence: [
        {
          path,
          excerpt: `${r.argv.join(' ')}: ${r.missing ? 'not installed' : r.timedOut ? 'timed out' : `exit code ${String(r.exitCode)}`}${r.stderr ? `; stderr: ${r.stderr.split('\n')[0]}` : ''}`,
        },
      ],
    });
  }
  return out;
}

export const hostUnitsCollection: FactCollection = {
  name: 'hostUnits',
  doc: 'systemd units on the VM, from `systemctl status`.',
  fields: {
    name: { type: 'string', doc: 'Unit name (datachain-studio).' },
    loaded: { type: 'string', doc: 'loaded, not-found, masked, …' },
    active: { type: 'string', doc: 'active, inactive, failed, activating, deactivating.' },
    sub: { type: 'string', doc: 'running, exited, dead, failed, auto-restart, …' },
    result: { type: 'string', doc: 'Result: of a failed unit (exit-code, signal, timeout, …).' },
    since: { type: 'string', doc: 'The "since" text of the Active line.' },
  },
};

export function buildHostUnits(ctx: FactContext): FactItem[] {
  const out: FactItem[] = [];
  for (const unit of ['datachain-studio']) {
    const o = output(ctx, `systemctl-status-${unit}`);
    if (!o) continue;
    const loadedAt = o.lines.findIndex((l) => /^\s*Loaded: /.test(l));
    const activeAt = o.lines.findIndex((l) => /^\s*Active: /.test(l));
    // "Active: failed (Result: exit-code) since Tue 2026-11-25 11:50:02 UTC; 8min ago"
    const active = /Active: (\S+) \(([^)]*)\)(?: since ([^;]+))?/.exec(o.lines[activeAt] ?? '');
    const loaded = /Loaded: (\S+)/.exec(o.lines[loadedAt] ?? '');
    const notFound = o.lines.some((l) => /could not be found/.test(l));
    const sub = active?.[2] ?? '';
    out.push({
      name: unit,
      loaded: notFound ? 'not-found' : loaded?.[1],
      active: notFound ? 'inactive' : active?.[1],
      sub: /^Result: /.test(sub) ? 'failed' : sub,
      result: /Result: ([\w-]+)/.exec(sub)?.[1],
      since: active?.[3],
      evidence: [
        activeAt >= 0
          ? { path: o.path, line: activeAt + 1, excerpt: o.lines[activeAt]!.trim() }
          : { path: o.path, line: 1, excerpt: o.lines[0] ?? '' },
      ],
    });
  }
  return out;
}

export const dockerContainersCollection: FactCollection = {
  name: 'dockerContainers',
  doc: 'Docker containers on the VM, from `docker ps -a` (and `docker inspect` when collected).',
  fields: {
    name: { type: 'string', doc: 'Container name.' },
    component: { type: 'string', doc: 'Studio component.' },
    image: { type: 'string', doc: 'Image.' },
    imageTag: { type: 'string', doc: 'Image tag.' },
    state: { type: 'string', doc: 'running, exited, restarting, created, paused, dead.' },
    status: { type: 'string', doc: 'The STATUS column as docker printed it.' },
    exitCode: { type: 'number', doc: 'Exit code of an exited or restarting container.' },
    health: { type: 'string', doc: 'healthy, unhealthy, starting (absent without a healthcheck).' },
    up: { type: 'boolean', doc: 'Running and not unhealthy.' },
    oomKilled: { type: 'boolean', doc: 'docker inspect State.OOMKilled.' },
    restartCount: { type: 'number', doc: 'docker inspect RestartCount.' },
  },
};

/** "Exited (1) 3 minutes ago", "Up 2 hours (unhealthy)", "Restarting (1) 5 seconds ago". */
export function parseDockerStatus(status: string): {
  state: string;
  exitCode?: number;
  health?: string;
} {
  const health = /\((healthy|unhealthy|health: starting)\)/
    .exec(status)?.[1]
    ?.replace('health: ', '');
  const code = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status)?.[1];
  const state = /^Up .*\(Paused\)/.test(status)
    ? 'paused'
    : /^Up /.test(status)
      ? 'running'
      : /^Exited/.test(status)
        ? 'exited'
        : /^Restarting/.test(status)
          ? 'restarting'
          : /^Created/.test(status)
            ? 'created'
            : /^Dead/.test(status)
              ? 'dead'
              : 'unknown';
  return { state, exitCode: code === undefined ? undefined : Number(code), health };
}

/** Splits `docker ps` table rows by the header's column starts (docker pads every column). */
function dockerRows(lines: string[]): { row: Record<string, string>; line: number }[] {
  const headerAt = lines.findIndex((l) => l.startsWith('CONTAINER ID'));
  if (headerAt === -1) {
    // --format '{{json .}}' output: one object per line.
    return lines.flatMap((l, i) => {
      if (!l.startsWith('{')) return [];
      try {
        const o = rec(JSON.parse(l));
        return [
          {
            row: {
              NAMES: str(o.Names) ?? '',
              IMAGE: str(o.Image) ?? '',
              STATUS: str(o.Status) ?? '',
            },
            line: i + 1,
          },
        ];
      } catch {
        return [];
      }
    });
  }
  const header = lines[headerAt]!;
  const names = ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'];
  const starts = names.map((n) => header.indexOf(n));
  return lines.slice(headerAt + 1).flatMap((l, i) => {
    if (l.trim() === '') return [];
    const row: Record<string, string> = {};
    names.forEach((n, k) => {
      const from = starts[k]!;
      if (from < 0) return;
      const to = starts.slice(k + 1).find((s) => s > from) ?? l.length;
      row[n] = l.slice(from, k === names.length - 1 ? l.length : to).trim();
    });
    return [{ row, line: headerAt + 2 + i }];
  });
}

export function buildDockerContainers(ctx: FactContext): FactItem[] {
  const o = output(ctx, 'docker-ps');
  if (!o) return [];
  const inspect = new Map<string, Record<string, unknown>>();
  const inspected = ctx.text(hostCommandOutputPath('docker-inspect'));
  if (inspected) {
    try {
      for (const c of arr(JSON.parse(inspected)))
        inspect.set((str(rec(c).Name) ?? '').replace(/^\//, ''), rec(c));
    } catch {
      ctx.unreadable.set(hostCommandOutputPath('docker-inspect'), 'not valid JSON');
    }
  }
  return dockerRows(o.lines).map(({ row, line }) => {
    const name = row.NAMES ?? '';
    const status = row.STATUS ?? '';
    const parsed = parseDockerStatus(status);
    const i = inspect.get(name);
    const state = str(at(i, 'State.Status')) ?? parsed.state;
    const health = parsed.health ?? str(at(i, 'State.Health.Status'));
    return {
      name,
      component: componentOf({}, name),
      image: row.IMAGE,
      imageTag: row.IMAGE ? imageTag(row.IMAGE) : undefined,
      state,
      status,
      exitCode: parsed.exitCode ?? num(at(i, 'State.ExitCode')),
      health,
      up: state === 'running' && health !== 'unhealthy',
      oomKilled: bool(at(i, 'State.OOMKilled')),
      restartCount: num(at(i, 'RestartCount')),
      evidence: [{ path: o.path, line, excerpt: o.lines[line - 1]!.trim() }],
    };
  });
}

export const disksCollection: FactCollection = {
  name: 'disks',
  doc: 'Filesystems on the VM, from `df`.',
  fields: {
    filesystem: { type: 'string', doc: 'Device.' },
    mount: { type: 'string', doc: 'Mount point.' },
    usePercent: { type: 'number', doc: 'Use% column.' },
    available: { type: 'string', doc: 'Available column as printed.' },
  },
};

export function buildDisks(ctx: FactContext): FactItem[] {
  const o = output(ctx, 'df');
  if (!o) return [];
  return o.lines.flatMap((l, i) => {
    const cols = l.trim().split(/\s+/);
    const use = /^(\d+)%$/.exec(cols[4] ?? '');
    if (cols.length < 6 || !use) return [];
    return [
      {
        filesystem: cols[0],
        mount: cols.slice(5).join(' '),
        usePercent: Number(use[1]),
        available: cols[3],
        evidence: [{ path: o.path, line: i + 1, excerpt: l.trim() }],
      },
    ];
  });
}

export const memoryCollection: FactCollection = {
  name: 'memory',
  doc: 'Memory of the VM, from `free` (one item).',
  fields: {
    total: { type: 'number', doc: 'Total memory, in the unit free printed.' },
    available: { type: 'number', doc: 'Available memory, same unit.' },
    availablePercent: { type: 'number', doc: 'available / total × 100.' },
    swapUsedPercent: { type: 'number', doc: 'Swap used / swap total × 100 (0 without swap).' },
  },
};

/** "7.7Gi", "512Mi", "1234" → a number in one common unit (bytes for suffixed values). */
function size(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const m = /^([\d.]+)([KMGTP]i?|B)?$/.exec(v);
  if (!m) return undefined;
  const mult: Record<string, number> = {
    B: 1,
    K: 2 ** 10,
    M: 2 ** 20,
    G: 2 ** 30,
    T: 2 ** 40,
    P: 2 ** 50,
  };
  return Number(m[1]) * (m[2] ? (mult[m[2][0]!] ?? 1) : 1);
}

export function buildMemory(ctx: FactContext): FactItem[] {
  const o = output(ctx, 'free');
  if (!o) return [];
  const memAt = o.lines.findIndex((l) => l.startsWith('Mem:'));
  if (memAt === -1) return [];
  const mem = o.lines[memAt]!.split(/\s+/);
  const swap = (o.lines.find((l) => l.startsWith('Swap:')) ?? '').split(/\s+/);
  const total = size(mem[1]);
  const available = size(mem[6]) ?? size(mem[3]);
  const swapTotal = size(swap[1]) ?? 0;
  const swapUsed = size(swap[2]) ?? 0;
  return [
    {
      total,
      available,
      availablePercent:
        total && available !== undefined ? Math.round((available / total) * 100) : undefined,
      swapUsedPercent: swapTotal > 0 ? Math.round((swapUsed / swapTotal) * 100) : 0,
      evidence: [{ path: o.path, line: memAt + 1, excerpt: o.lines[memAt]!.trim() }],
    },
  ];
}
