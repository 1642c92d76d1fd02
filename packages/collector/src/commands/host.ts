import type { Argv } from 'yargs';
import { defaultHostSettings } from '../collectors/host/env.js';
import { defaultConnectTimeoutSeconds } from '../host/executor.js';
import { formatBytes, partialSummary } from '../k8s/progress.js';

/** The `host` command's flags (yargs; read by their kebab names). */
export function hostCommandBuilder<T>(y: Argv<T>) {
  return y
    .positional('target', { type: 'string', describe: '[user@]HOST to reach over SSH' })
    .option('local', {
      type: 'boolean',
      describe: 'collect from this machine instead, without SSH',
    })
    .option('port', { alias: 'p', type: 'number', describe: 'SSH port', default: 22 })
    .option('identity', {
      alias: 'i',
      type: 'string',
      describe:
        'private key file, may be repeated (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa; and ssh-agent)',
    })
    .option('known-hosts', {
      type: 'string',
      describe: 'known_hosts file to verify the host key against (default: ~/.ssh/known_hosts)',
    })
    .option('accept-new-host-key', {
      type: 'boolean',
      describe:
        'trust and record the key of a host not yet in known_hosts (a changed key is still refused)',
    })
    .option('sudo', {
      type: 'boolean',
      describe: 'run every command through sudo -n (passwordless sudo)',
    })
    .option('output', {
      alias: 'o',
      type: 'string',
      describe: 'bundle file (default: ./studio-bundle-<time>.tar.gz)',
    })
    .option('deterministic', {
      type: 'boolean',
      describe: 'times from SOURCE_DATE_EPOCH and durations 0, for byte-identical bundles',
    })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing' })
    .option('connect-timeout', {
      type: 'number',
      describe: 'seconds to connect and authenticate',
      default: defaultConnectTimeoutSeconds,
    })
    .option('command-timeout', {
      type: 'number',
      describe: 'seconds each command may run',
      default: defaultHostSettings.commandTimeoutMs / 1000,
    })
    .option('nginx-conf', {
      type: 'string',
      describe: 'nginx main configuration file; its directory is collected',
      default: defaultHostSettings.nginxConf,
    })
    .option('health-url', {
      type: 'string',
      describe: 'base URL of the Studio backend on the host',
      default: defaultHostSettings.healthUrl,
    })
    .check((argv) => {
      for (const name of [
        'port',
        'known-hosts',
        'output',
        'nginx-conf',
        'health-url',
        'connect-timeout',
        'command-timeout',
      ]) {
        if (Array.isArray(argv[name])) throw new Error(`host: --${name} given more than once`);
      }
      if (argv.local && argv.target !== undefined)
        throw new Error('host: give a target or --local, not both');
      if (!argv.local && argv.target === undefined)
        throw new Error('host: name a target ([user@]HOST) or pass --local');
      for (const name of ['port', 'connect-timeout', 'command-timeout'] as const) {
        const v = argv[name];
        if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
          throw new Error(`host: --${name} expects a positive number, got ${String(v)}`);
        }
      }
      return true;
    });
}

/** Runs `studio-collect host` from parsed flags; resolves to the exit code. */
export async function hostCommandHandler(argv: Record<string, unknown>): Promise<number> {
  const str = (k: string): string | undefined =>
    typeof argv[k] === 'string' ? (argv[k] as string) : undefined;
  const num = (k: string): number | undefined =>
    typeof argv[k] === 'number' ? (argv[k] as number) : undefined;
  // Loaded on use: ssh2 and the collectors are not needed for --help or the k8s command.
  const { collectHost } = await import('../host/collect.js');
  const quiet = argv.quiet === true;
  const started = performance.now();
  const result = await collectHost({
    target: str('target'),
    local: argv.local === true,
    port: num('port'),
    // Like ssh, -i may be given several times: each key is offered in turn.
    identities: [argv.identity].flat().filter((v): v is string => typeof v === 'string'),
    knownHosts: str('known-hosts'),
    acceptNewHostKey: argv['accept-new-host-key'] === true,
    sudo: argv.sudo === true,
    out: str('output'),
    deterministic: argv.deterministic === true,
    connectTimeoutSeconds: num('connect-timeout'),
    commandTimeoutSeconds: num('command-timeout'),
    nginxConf: str('nginx-conf'),
    healthUrl: str('health-url'),
    // Progress only on a terminal, so logs and pipes get the one summary line.
    ...(!quiet && process.stderr.isTTY === true
      ? { progress: (line: string) => process.stderr.write(`studio-collect: ${line}\n`) }
      : {}),
  });
  if (!quiet) {
    const { written, runs, lost } = result;
    const took = ((performance.now() - started) / 1000).toFixed(1);
    const state = written.partial ? `partial: ${partialSummary(runs)}` : 'complete';
    const dropped = lost ? `; the connection was lost (${lost})` : '';
    process.stdout.write(
      `studio-collect: wrote ${written.path} (${formatBytes(written.bytes)}) in ${took}s; ${state}${dropped}\n`,
    );
  }
  return result.code;
}
