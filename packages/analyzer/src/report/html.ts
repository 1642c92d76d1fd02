import type { Evidence, Report } from '@studio-support/schema';
import Handlebars from 'handlebars';
import { layoutDiagram } from './diagram.js';
import {
  bundleLine,
  confidenceBasis,
  isCommand,
  relativeTime,
  verdictWords,
  where,
} from './present.js';
import {
  contentSecurityPolicy,
  evidencePartial,
  fixPartial,
  reportHtmlTemplate,
} from './templates/report-html.js';

export { contentSecurityPolicy };

const hb = Handlebars.create();
hb.registerHelper('where', (e: { path: string; line?: number }) => where(e));
hb.registerPartial('evidence', evidencePartial);
hb.registerPartial('fix', fixPartial);
const template = hb.compile(reportHtmlTemplate, { strict: false });

/** Evidence grouped by file, lines in order: one excerpt block per file, cited lines marked. */
function evidenceFiles(list: readonly Evidence[]) {
  const files = new Map<string, Evidence[]>();
  for (const e of list) files.set(e.path, [...(files.get(e.path) ?? []), e]);
  return [...files].map(([path, items]) => ({
    path,
    lines: [...items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
  }));
}

/** Remediation steps; commands get an element id for their copy button. */
function stepper() {
  let n = 0;
  return (list: readonly string[] | undefined) =>
    (list ?? []).map((text) => ({ text, command: isCommand(text), id: `cmd-${++n}` }));
}

/** "2026-11-25T11:57:00Z" → "2026-11-25 11:57:00Z". */
const clock = (time: string): string => time.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

const severities = ['critical', 'warning', 'info'];

const targetWords = { kubernetes: 'Kubernetes cluster', host: 'VM (host)' } as const;

/**
 * The HTML report: one self-contained page (inline CSS, one hashed inline script for the
 * copy buttons, no network) that leads with the verdict. Every bundle string goes through
 * Handlebars' escaping; the script only copies text content.
 */
export function renderHtml(r: Report): string {
  const steps = stepper();
  const [top, ...others] = r.causes;
  const collectedAt = r.bundle.collectedAt;
  const diagram = layoutDiagram(r);
  return template({
    report: r,
    verdictWords: verdictWords[r.verdict],
    bundleLine: bundleLine(r),
    basis: confidenceBasis(r),
    top: top && {
      ...top,
      paragraphs: top.explanation.split('\n'),
      more: top.explanation.split('\n').slice(1),
      files: evidenceFiles(top.evidence),
      steps: steps(top.remediation),
    },
    diagram,
    others: others.map((c) => ({
      ...c,
      files: evidenceFiles(c.evidence),
      steps: steps(c.remediation),
    })),
    findings: r.findings
      .filter((f) => !f.cause)
      .sort((a, b) => severities.indexOf(a.severity) - severities.indexOf(b.severity))
      .map((f) => ({ ...f, files: evidenceFiles(f.evidence), steps: steps(f.remediation) })),
    timeline: (r.timeline ?? []).map((e) => ({
      ...e,
      when: clock(e.time),
      relative: relativeTime(e.time, collectedAt),
    })),
    collectedClock: collectedAt ? clock(collectedAt) : undefined,
    // Without a cause, what the bundle lacks is the next thing to read.
    missingOpen: r.verdict === 'no-cause-found',
    summary: [
      ['Target', r.bundle.target ? targetWords[r.bundle.target] : 'unknown'],
      ['Namespace', r.bundle.namespace],
      ['Host', r.bundle.hostname],
      ['Kubernetes', r.bundle.serverVersion],
      [
        'Collected',
        collectedAt
          ? `${collectedAt}${r.bundle.collectedAtEstimated ? ' (estimated: the newest timestamp in the bundle)' : ''}`
          : 'unknown',
      ],
      [
        'Collector',
        r.bundle.collectorVersion ? `studio-collect ${r.bundle.collectorVersion}` : undefined,
      ],
      ['Bundle', `${r.bundle.source} (${r.bundle.format})`],
      [
        'Incomplete collectors',
        r.bundle.partialCollectors?.length ? r.bundle.partialCollectors.join(', ') : 'none',
      ],
      ['Analyzer', `${r.tool.name} ${r.tool.version}`],
    ]
      .filter(([, v]) => v)
      .map(([k, v]) => ({ k, v })),
  });
}
