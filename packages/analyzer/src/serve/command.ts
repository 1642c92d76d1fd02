import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  checkFaultPlan,
  FaultSpecError,
  parseErrorSpec,
  parseResetSpec,
  type FaultPlan,
} from './faults.js';

interface ServeArgs {
  bundle: string;
  port: number;
  'kubeconfig-out'?: string;
  faults?: string;
  'latency-ms'?: number;
  fail?: string[];
  reset?: string[];
  'stall-logs'?: boolean;
  'slow-logs'?: number;
  'expire-continue'?: number;
}

/** The fault plan from --faults FILE (JSON or YAML) plus the shortcut flags. */
async function faultPlan(args: ServeArgs): Promise<FaultPlan> {
  let plan: FaultPlan = {};
  if (args.faults) {
    const text = await readFile(args.faults, 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new FaultSpecError(`--faults ${args.faults}: cannot read it (${e.code ?? e.message})`);
    });
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (error) {
      throw new FaultSpecError(
        `--faults ${args.faults}: not JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    plan = checkFaultPlan(doc, args.faults);
  }
  if (args['latency-ms'] !== undefined) plan.latencyMs = args['latency-ms'];
  if (args.fail?.length) plan.errors = [...(plan.errors ?? []), ...args.fail.map(parseErrorSpec)];
  if (args.reset?.length) plan.resets = [...(plan.resets ?? []), ...args.reset.map(parseResetSpec)];
  if (args['stall-logs']) plan.logStreams = [...(plan.logStreams ?? []), { mode: 'stall' }];
  if (args['slow-logs'] !== undefined) {
    plan.logStreams = [
      ...(plan.logStreams ?? []),
      { mode: 'slow', bytesPerSecond: args['slow-logs'] },
    ];
  }
  if (args['expire-continue'] !== undefined)
    plan.continueExpiry = { times: args['expire-continue'] };
  return plan;
}

const shellQuote = (s: string) =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/** Resolves on the first SIGINT/SIGTERM; later ones are ignored while the server closes. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first: NodeJS.Signals | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      if (first) return;
      first = signal;
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function serve(args: ArgumentsCamelCase<ServeArgs>): Promise<void> {
  const faults = await faultPlan(args);
  // Listen from the start: a Ctrl-C while a large archive unpacks must still clean up.
  const stopped = untilSignal();
  // Loaded here, so other commands do not pay for TLS and certificate code.
  const { startServer } = await import('./server.js');
  const server = await startServer({
    bundle: args.bundle,
    port: args.port,
    faults,
    ...(args['kubeconfig-out'] && { kubeconfigPath: args['kubeconfig-out'] }),
  });
  for (const warning of server.warnings) console.error(`studio-analyze serve: skipped ${warning}`);
  console.log(`Serving ${args.bundle} read-only at ${server.url} (namespace ${server.namespace}).`);
  console.log(`export KUBECONFIG=${shellQuote(server.kubeconfigPath)}`);
  console.log('Press Ctrl-C to stop.');
  await stopped;
  await server.close();
}

export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve <bundle>',
  describe: 'serve a bundle as a read-only Kubernetes API for kubectl',
  builder: (y: Argv) =>
    y
      .positional('bundle', {
        type: 'string',
        demandOption: true,
        describe: 'bundle directory, .tar.gz, .tgz or .zip',
      })
      .option('port', {
        type: 'number',
        default: 0,
        describe: 'port on 127.0.0.1 (0: any free port)',
      })
      .option('kubeconfig-out', {
        type: 'string',
        describe: 'write the kubeconfig here (default: a temporary file removed on exit)',
      })
      .option('faults', {
        type: 'string',
        describe: 'fault plan file (JSON or YAML) for tests',
        group: 'Fault injection:',
      })
      .option('latency-ms', {
        type: 'number',
        describe: 'delay every answer',
        group: 'Fault injection:',
      })
      .option('fail', {
        type: 'string',
        array: true,
        describe: 'RESOURCE[:VERB]=403|429|500, e.g. events=403',
        group: 'Fault injection:',
      })
      .option('reset', {
        type: 'string',
        array: true,
        describe: 'RESOURCE[:VERB]: reset those connections',
        group: 'Fault injection:',
      })
      .option('stall-logs', {
        type: 'boolean',
        describe: 'log streams send headers, then nothing',
        group: 'Fault injection:',
      })
      .option('slow-logs', {
        type: 'number',
        describe: 'log streams trickle at BYTES per second',
        group: 'Fault injection:',
      })
      .option('expire-continue', {
        type: 'number',
        describe: 'the first N continue tokens answer 410 Gone',
        group: 'Fault injection:',
      }) as unknown as Argv<ServeArgs>,
  handler: serve,
};
