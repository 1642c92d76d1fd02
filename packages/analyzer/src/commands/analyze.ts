import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Report } from '@studio-support/schema';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BundleError } from '../bundle/index.js';
import { renderHtml, renderMarkdown } from '../report/index.js';
import { analyzeBundle } from '../rules/analyze.js';

export type ReportFormat = 'html' | 'md' | 'json';

export interface AnalyzeArgs {
  bundle: string;
  format?: ReportFormat;
  out?: string;
  rules?: string[];
  'only-rules'?: string;
  quiet?: boolean;
  namespace?: string;
}

const extensions: Record<ReportFormat, string> = { html: '.html', md: '.md', json: '.json' };

export function render(report: Report, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return format === 'md' ? renderMarkdown(report) : renderHtml(report);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Where each report goes. --out DIR (existing, or ending in /, or without a report
 * extension) gets report.<ext>; --out FILE gets exactly that file (its extension picks
 * the format when --format is not given); without --out the reports go next to the
 * bundle as <bundle name>.report.<ext>, so two bundles in one folder do not collide.
 */
export async function reportTargets(
  args: AnalyzeArgs,
): Promise<{ format: ReportFormat; path: string }[]> {
  const out = args.out;
  const fromExt = out
    ? (Object.entries(extensions).find(([, e]) => extname(out) === e)?.[0] as
        ReportFormat | undefined)
    : undefined;
  if (out && !out.endsWith('/') && fromExt && !(await isDirectory(out))) {
    return [{ format: args.format ?? fromExt, path: resolve(out) }];
  }
  const formats: ReportFormat[] = args.format ? [args.format] : ['html', 'md'];
  if (out)
    return formats.map((f) => ({ format: f, path: join(resolve(out), `report${extensions[f]}`) }));
  const source = resolve(args.bundle);
  const stem = basename(source).replace(/\.(tar\.gz|tgz|tar|zip)$/, '');
  return formats.map((f) => ({
    format: f,
    path: join(dirname(source), `${stem}.report${extensions[f]}`),
  }));
}

export async function runAnalyze(
  args: AnalyzeArgs,
  print: (line: string) => void = console.log,
): Promise<Report> {
  const onlyRules = args['only-rules']
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { report } = await analyzeBundle(args.bundle, {
    rulesDirs: args.rules?.length ? args.rules : undefined,
    onlyRules,
    namespace: args.namespace,
  });
  if (args.format === 'json' && !args.out) {
    print(render(report, 'json').trimEnd());
    return report;
  }
  const targets = await reportTargets(args);
  for (const t of targets) {
    try {
      await mkdir(dirname(t.path), { recursive: true });
      await writeFile(t.path, render(report, t.format));
    } catch (error) {
      throw new BundleError(
        `${t.path}: cannot write the report: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (choose another place with --out)`,
      );
    }
  }
  if (!args.quiet) {
    const top = report.causes[0];
    print(`${report.verdict}${top ? `: ${top.cause}` : ''} — ${report.summary}`);
    if (report.causes.length > 1)
      print(
        `also: ${report.causes
          .slice(1)
          .map((c) => c.cause)
          .join(', ')}`,
      );
    for (const t of targets) print(`report: ${t.path}`);
  }
  return report;
}

export const analyzeCommand: CommandModule<object, AnalyzeArgs> = {
  command: '$0 <bundle>',
  describe: 'analyze a bundle (.tar.gz, .zip or directory) and write report.html and report.md',
  builder: (y: Argv) =>
    y
      .positional('bundle', {
        type: 'string',
        demandOption: true,
        describe: 'the bundle: .tar.gz, .tgz, .zip or a directory',
      })
      .option('format', {
        choices: ['html', 'md', 'json'] as const,
        describe: 'write only this format (json: to stdout unless --out)',
      })
      .option('out', {
        type: 'string',
        describe: 'report file, or directory for report.<ext> (default: next to the bundle)',
      })
      .option('rules', {
        type: 'string',
        array: true,
        describe: 'rules directory (repeatable; default: the built-in rules)',
      })
      .option('only-rules', {
        type: 'string',
        describe: 'run only these rule ids (comma-separated)',
      })
      .option('namespace', {
        alias: 'n',
        type: 'string',
        describe: "namespace to analyze (default: the bundle's Studio namespace)",
      })
      .option('quiet', {
        type: 'boolean',
        describe: 'print nothing on success',
      }) as unknown as Argv<AnalyzeArgs>,
  handler: async (args: ArgumentsCamelCase<AnalyzeArgs>) => {
    await runAnalyze(args);
  },
};
