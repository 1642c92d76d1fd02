import type { Report } from '@studio-support/schema';
import Handlebars from 'handlebars';
import { bundleLine, isCommand, verdictWords, where } from './present.js';
import { evidencePartial, fixPartial, reportHtmlTemplate } from './templates/report-html.js';

const hb = Handlebars.create();
hb.registerHelper('where', (e: { path: string; line?: number }) => where(e));
hb.registerHelper('isCommand', (s: unknown) => typeof s === 'string' && isCommand(s));
hb.registerPartial('evidence', evidencePartial);
hb.registerPartial('fix', fixPartial);
const template = hb.compile(reportHtmlTemplate);

/** A self-contained HTML page: inline CSS, no script, no fetch, every bundle string escaped. */
export function renderHtml(r: Report): string {
  const [top, ...others] = r.causes;
  return template({
    report: r,
    verdictWords: verdictWords[r.verdict],
    bundleLine: bundleLine(r),
    top,
    topParagraphs: top?.explanation.split('\n') ?? [],
    others,
    findings: r.findings.filter((f) => !f.cause),
  });
}
