import { readFile, readdir } from 'node:fs/promises';
import { validate, type Report } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { evidencePartial, fixPartial, reportHtmlTemplate } from './templates/report-html.js';

const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)> {{constructor}} | \`tick\` ${'`'.repeat(3)}`;

const report: Report = {
  formatVersion: 1,
  tool: { name: 'studio-analyze', version: '0.1.0' },
  bundle: {
    source: `bundle-${hostile}.tar.gz`,
    format: 'studio',
    target: 'kubernetes',
    collectedAt: '2026-11-25T12:00:00Z',
    collectedAtEstimated: false,
    namespace: 'datachain-studio',
  },
  verdict: 'cause-found',
  summary: `Cause: ${hostile}`,
  causes: [
    {
      cause: 'oom-killed',
      layer: 'resources',
      title: `Killed ${hostile}`,
      explanation: `first line ${hostile}\nsecond line`,
      evidence: [
        {
          path: `cluster-resources/pods/${hostile}.json`,
          line: 3,
          excerpt: hostile,
          time: '2026-11-25T11:59:00Z',
        },
      ],
      remediation: [
        `kubectl describe pod ${hostile} -n datachain-studio`,
        'Raise the memory limit, then:',
      ],
      rules: ['oom-killed'],
      explainsSymptoms: ['nginx-502'],
      score: 1012,
    },
  ],
  findings: [
    {
      rule: 'nginx-502',
      symptom: 'nginx-502',
      title: 'nginx answers 502',
      severity: 'critical',
      message: hostile,
      evidence: [{ path: 'controller.log', line: 7, excerpt: hostile }],
    },
  ],
  missing: [
    {
      what: `events ${hostile}`,
      path: 'cluster-resources/events/datachain-studio.json',
      reason: hostile,
      decides: ['image-pull-auth'],
    },
  ],
};

describe('the HTML report', () => {
  it('the example report it is tested with is a valid report', () => {
    expect(validate('report', report)).toEqual([]);
  });

  it('escapes every bundle string: no markup, no script, no template expansion', () => {
    const html = renderHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;',
    );
    // Handlebars never evaluates data: "{{constructor}}" from a bundle stays text.
    expect(html).toContain('{{constructor}}');
  });

  it('is self-contained: inline CSS, a policy forbidding every fetch, no URL to load', () => {
    const html = renderHtml(report);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    );
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it('leads with the verdict, then the cause, its evidence and its fix', () => {
    const html = renderHtml(report);
    const order = [
      'class="card verdict cause-found"',
      'Root cause',
      'cluster-resources/pods/',
      '<ol class="fix">',
      'Symptoms and other findings',
      'Not in the bundle',
    ];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('no template uses the triple-stash that would skip escaping', async () => {
    for (const t of [reportHtmlTemplate, evidencePartial, fixPartial])
      expect(t).not.toContain('{{{');
    const dir = new URL('./templates/', import.meta.url);
    for (const f of await readdir(dir))
      expect(await readFile(new URL(f, dir), 'utf8')).not.toMatch(/\{\{\{|\{\{&/);
  });
});

describe('the Markdown report', () => {
  it('keeps bundle text inert: code spans outlast backticks, table cells escape pipes, no raw HTML', () => {
    const md = renderMarkdown(report);
    expect(md.startsWith('# Studio 502 analysis: Cause found — `oom-killed`\n')).toBe(true);
    // Outside code spans (which render their content as text) no markup survives.
    const prose = md.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    expect(prose).not.toContain('<script>');
    expect(prose).toContain('\\<script\\>');
    // The excerpt holds a run of three backticks, so its code span is fenced with four.
    expect(md).toContain(`\`\`\`\` ${hostile.replace(/\n/g, ' ')} \`\`\`\``);
    const row = md.split('\n').find((l) => l.startsWith('| events'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(5);
  });
});
