import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CollectorRun, Manifest } from '@studio-support/schema';
import {
  deterministicClock,
  finalizeBundle,
  onInterrupt,
  runCollectors,
  Staging,
  systemClock,
  type WrittenBundle,
} from '../bundle/index.js';
import {
  defaultHostSettings,
  hostCollectors,
  type HostEnv,
  type HostSettings,
} from '../collectors/host/index.js';
import {
  readNginxConfigFiles,
  type NginxConfigFiles,
} from '../collectors/host/nginx-config-files.js';
import { HostAccessError } from './errors.js';
import { defaultConnectTimeoutSeconds, isSudoPasswordRequired, type Executor } from './executor.js';
import { defaultIdentityFiles, loadIdentities, passphraseSource } from './identities.js';
import { LocalExecutor } from './local.js';
import { connectSsh } from './ssh.js';
import { parseTarget } from './target.js';
import { Redactor } from '../redact/index.js';

/** `studio-collect host` options, as the CLI parses them (kebab names, yargs camel-case off). */
export interface HostCommandOptions {
  target?: string;
  local?: boolean;
  port?: number;
  /** -i key files, offered in order; none: ssh's default files. */
  identities?: string[];
  knownHosts?: string;
  acceptNewHostKey?: boolean;
  sudo?: boolean;
  out?: string;
  deterministic?: boolean;
  connectTimeoutSeconds?: number;
  commandTimeoutSeconds?: number;
  nginxConf?: string;
  healthUrl?: string;
  /**
   * Where HOME, SSH_AUTH_SOCK, STUDIO_SSH_PASSPHRASE and SOURCE_DATE_EPOCH come from, and the
   * environment (PATH) of --local commands.
   */
  env?: NodeJS.ProcessEnv;
  /** Progress lines (default: none). */
  progress?: (line: string) => void;
}

/** Keepalive every 10 s; three unanswered and the connection counts as lost. */
const keepaliveIntervalMs = 10_000;

export interface HostCollection {
  /** 0 complete, 3 partial. */
  code: 0 | 3;
  written: WrittenBundle;
  runs: CollectorRun[];
  /** Why the SSH connection dropped, if it did. */
  lost?: string;
}

/**
 * Collects the VM checklist into a bundle: 0 complete, 3 partial (written; the manifest says
 * what is missing). Throws HostAccessError (exit 2, one line) when the host cannot be
 * reached, verified or authenticated, or sudo wants a password: then nothing is written.
 */
export async function collectHost(o: HostCommandOptions): Promise<HostCollection> {
  const env = o.env ?? process.env;
  const progress = o.progress ?? (() => undefined);
  const settings: HostSettings = {
    ...defaultHostSettings,
    ...(o.commandTimeoutSeconds !== undefined
      ? { commandTimeoutMs: o.commandTimeoutSeconds * 1000 }
      : {}),
    ...(o.nginxConf !== undefined ? { nginxConf: o.nginxConf } : {}),
    ...(o.healthUrl !== undefined ? { healthUrl: o.healthUrl } : {}),
  };
  const clock = o.deterministic ? deterministicClock(env) : systemClock();
  const collectedAt = clock.now();

  const executor = await openExecutor(o, env);
  let staging: Staging | undefined;
  let removeInterruptHandlers = (): void => undefined;
  // On SIGINT/SIGTERM the handler removes everything and exits; the collection unwinding
  // meanwhile must not finalize, so it waits here for that exit.
  let interrupted = false;
  try {
    if (executor.sudo) await checkSudo(executor, settings);
    const hostname = await remoteHostname(executor, settings);
    progress(
      `collecting from ${executor.address}${hostname ? ` (${hostname})` : ''} via ${executor.via}${executor.sudo ? ' with sudo' : ''}`,
    );
    staging = await Staging.create(new Redactor());
    const stagingDir = staging;
    const abort = new AbortController();
    removeInterruptHandlers = onInterrupt(abort, async () => {
      interrupted = true;
      await executor.close();
      await stagingDir.remove();
    });
    abort.signal.addEventListener('abort', () => void executor.close(), { once: true });

    let nginxConfig: Promise<NginxConfigFiles> | undefined;
    const hostEnv: HostEnv = {
      executor,
      settings,
      deterministic: clock.deterministic,
      nginxConfig: () => (nginxConfig ??= readNginxConfigFiles(executor, settings)),
    };
    const runs = await runCollectors(hostCollectors, {
      env: hostEnv,
      staging,
      clock,
      signal: abort.signal,
      // The executor bounds the commands in flight (4); this just keeps it fed.
      concurrency: 3,
      onDone: (run) =>
        progress(
          `${run.id}: ${run.status}${run.errors.length > 0 ? ` (${run.errors.length} errors)` : ''}`,
        ),
    });
    if (interrupted) return await new Promise<never>(() => undefined);
    const written = await finalizeBundle({
      staging,
      clock,
      collectedAt,
      target: {
        kind: 'host',
        address: executor.address,
        ...(hostname ? { hostname } : {}),
        via: executor.via,
        sudo: executor.sudo,
      },
      options: manifestOptions(settings),
      collectors: runs,
      outFile: o.out,
    });
    return {
      code: written.partial ? 3 : 0,
      written,
      runs,
      ...(executor.lost ? { lost: executor.lost } : {}),
    };
  } catch (error) {
    if (interrupted) return await new Promise<never>(() => undefined);
    throw error;
  } finally {
    removeInterruptHandlers();
    await staging?.remove();
    await executor.close();
  }
}

async function openExecutor(o: HostCommandOptions, env: NodeJS.ProcessEnv): Promise<Executor> {
  if (o.local) return new LocalExecutor(o.sudo ?? false, env);
  if (!o.target) throw new HostAccessError('host: name a target ([user@]HOST) or pass --local');
  const { user, host } = parseTarget(o.target);
  const home = env.HOME || homedir();
  const explicit = (o.identities ?? []).length > 0;
  const { identities, skipped } = await loadIdentities(
    explicit ? o.identities! : defaultIdentityFiles(home),
    explicit,
    passphraseSource(env),
  );
  return connectSsh({
    host,
    port: o.port ?? 22,
    username: user,
    identities,
    skippedIdentities: skipped,
    ...(env.SSH_AUTH_SOCK ? { agentSocket: env.SSH_AUTH_SOCK } : {}),
    knownHostsFiles: o.knownHosts
      ? [o.knownHosts]
      : [join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'],
    acceptNewHostKey: o.acceptNewHostKey ?? false,
    sudo: o.sudo ?? false,
    connectTimeoutMs: (o.connectTimeoutSeconds ?? defaultConnectTimeoutSeconds) * 1000,
    keepaliveIntervalMs,
  });
}

/** --sudo must work without a password before anything is collected, or stop with why. */
async function checkSudo(executor: Executor, settings: HostSettings): Promise<void> {
  const r = await executor.exec(['true'], { timeoutMs: settings.commandTimeoutMs });
  if (r.exitCode === 0) return;
  const said = r.failure ?? (r.stderrHead.trim().split('\n')[0] || `exit ${r.exitCode}`);
  if (isSudoPasswordRequired(r.exitCode, r.stderrHead)) {
    throw new HostAccessError(
      `--sudo on ${executor.address}: sudo wants a password (${said}); expected passwordless sudo (NOPASSWD) for this user, or run without --sudo`,
    );
  }
  if (r.exitCode === 127) {
    throw new HostAccessError(
      `--sudo on ${executor.address}: sudo is not installed (${said}); run without --sudo`,
    );
  }
  throw new HostAccessError(
    `--sudo on ${executor.address}: sudo -n true failed (${said}); expected it to succeed`,
  );
}

async function remoteHostname(
  executor: Executor,
  settings: HostSettings,
): Promise<string | undefined> {
  const r = await executor.exec(['uname', '-n'], {
    timeoutMs: settings.commandTimeoutMs,
    capture: 256,
  });
  const name = r.stdoutHead.toString('utf8').trim();
  return r.exitCode === 0 && name !== '' ? name : undefined;
}

function manifestOptions(s: HostSettings): Manifest['options'] {
  return {
    commandTimeoutSeconds: s.commandTimeoutMs / 1000,
    outputMaxBytes: s.outputCaps.maxBytes,
    outputMaxLines: s.outputCaps.maxLines,
    logLines: s.logLines,
    logTailBytes: s.logTailBytes,
    configFileMaxBytes: s.configFileMaxBytes,
    nginxConf: s.nginxConf,
    healthUrl: s.healthUrl,
  };
}
