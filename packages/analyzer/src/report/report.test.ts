import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { validate, type Report } from '@studio-support/schema';
import { describe, expect, it } from 'vitest';
import { buildChain, stageOf } from './chain.js';
import { layoutDiagram, wrap } from './diagram.js';
import { contentSecurityPolicy, renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { confidenceBasis, relativeTime } from './present.js';
import {
  copyScript,
  evidencePartial,
  fixPartial,
  reportHtmlTemplate,
} from './templates/report-html.js';

const hostile = `<script>alert(1)</script>"><img src=x onerror=alert(2)> {{constructor}} | \`tick\` ${'`'.repeat(3)}`;

const causes: Report['causes'] = [
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
];
const findings: Report['findings'] = [
  {
    rule: 'nginx-502',
    symptom: 'nginx-502',
    title: 'nginx answers 502',
    severity: 'critical',
    message: hostile,
    evidence: [{ path: 'controller.log', line: 7, excerpt: hostile }],
  },
];

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
  causes,
  findings,
  missing: [
    {
      what: `events ${hostile}`,
      path: 'cluster-resources/events/datachain-studio.json',
      reason: hostile,
      decides: ['image-pull-auth'],
    },
  ],
  chain: buildChain(causes, findings),
  timeline: [
    {
      time: '2026-11-25T11:57:30Z',
      kind: 'log',
      subject: `pod/${hostile}`,
      text: hostile,
      path: `cluster-resources/pods/logs/${hostile}.log`,
      line: 2,
      warning: true,
    },
  ],
};

/** The page without its one trusted script: what bundle data could have put there. */
const withoutScript = (html: string): string => html.replace(`<script>${copyScript}</script>`, '');

describe('the HTML report', () => {
  it('the example report it is tested with is a valid report', () => {
    expect(validate('report', report)).toEqual([]);
  });

  it('escapes every bundle string: no markup, no script, no template expansion', () => {
    const html = renderHtml(report);
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(withoutScript(html)).not.toMatch(/<script|<img|\bon\w+=/i);
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(2)&gt;',
    );
    // Handlebars never evaluates data: "{{constructor}}" from a bundle stays text.
    expect(html).toContain('{{constructor}}');
  });

  it('is self-contained: inline CSS, one script allowed by its hash, no URL to load', () => {
    const html = renderHtml(report);
    const hash = createHash('sha256').update(copyScript).digest('base64');
    expect(contentSecurityPolicy).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`,
    );
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">`,
    );
    expect(html).not.toMatch(/<(link|iframe|object|embed|img)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    // The only url() is the arrowhead marker defined in the page itself.
    expect(html.match(/url\([^)]*\)/g)).toEqual(expect.arrayContaining(['url(#head)']));
    expect(html.match(/url\((?!#head\))/g)).toBeNull();
    // The script writes no markup: only text content and attributes of its own buttons.
    expect(copyScript).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it('leads with the verdict, then the chain, the evidence and fix, the timeline, the rest', () => {
    const html = renderHtml(report);
    const order = [
      'class="card verdict cause-found"',
      'Established by rule oom-killed',
      '<svg',
      'id="cause"',
      '<ol class="fix">',
      'id="timeline"',
      'Symptoms and other findings',
      'id="bundle"',
      'id="missing"',
    ];
    const at = order.map((s) => html.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('gives every command a copy button bound to its text, and prose steps none', () => {
    const html = renderHtml(report);
    const buttons = [...html.matchAll(/data-copy="(cmd-\d+)"/g)].map((m) => m[1]);
    expect(buttons).toEqual(['cmd-1']);
    expect(html).toMatch(/<pre id="cmd-1">kubectl describe pod &lt;script&gt;/);
  });

  it('draws the chain from the symptom to the root cause, which is last and marked', () => {
    const d = layoutDiagram(report)!;
    expect(d.columns.map((c) => c.label)).toEqual(['ingress', 'root cause · pods']);
    expect(d.nodes.map((n) => n.role)).toEqual(['symptom', 'cause']);
    expect(d.arrows).toHaveLength(1);
    const html = renderHtml(report);
    expect(html).toContain('<g class="node cause">');
  });

  it('no template uses the triple-stash that would skip escaping', async () => {
    for (const t of [reportHtmlTemplate, evidencePartial, fixPartial])
      expect(t).not.toContain('{{{');
    const dir = new URL('./templates/', import.meta.url);
    for (const f of await readdir(dir))
      expect(await readFile(new URL(f, dir), 'utf8')).not.toMatch(/\{\{\{|\{\{&/);
  });
});

describe('the causal chain', () => {
  it('orders what the cause explains along the request path, the cause last', () => {
    const f = (rule: string, symptom: string): Report['findings'][number] => ({
      rule,
      symptom,
      title: rule,
      severity: 'critical',
      message: '',
      evidence: [],
    });
    const chain = buildChain(
      [
        {
          ...causes[0]!,
          cause: 'database-unreachable',
          explainsSymptoms: ['pods-not-ready', 'nginx-502', 'endpoints-not-ready'],
        },
      ],
      [
        f('pods-not-ready', 'pods-not-ready'),
        f('nginx-502', 'nginx-502'),
        f('endpoints-not-ready', 'endpoints-not-ready'),
        f('unrelated', 'tls-cert-expiring-soon'),
      ],
    );
    expect(chain.map((l) => [l.stage, l.id, l.role])).toEqual([
      ['ingress', 'nginx-502', 'symptom'],
      ['endpoints', 'endpoints-not-ready', 'symptom'],
      ['pods', 'pods-not-ready', 'symptom'],
      ['dependencies', 'database-unreachable', 'cause'],
    ]);
    expect(buildChain([], findings)).toEqual([]);
  });

  it('places causes by their layer and unknown symptoms by their words', () => {
    expect(stageOf('service-selector-mismatch')).toBe('service');
    expect(stageOf('tls-cert-expired')).toBe('ingress');
    expect(stageOf('redis-auth')).toBe('dependencies');
    expect(stageOf('nginx-connect-refused')).toBe('ingress');
    expect(stageOf('readiness-probe-failing')).toBe('pods');
  });
});

describe('shared wording', () => {
  it('states the confidence basis: the rule, the evidence, what it explains', () => {
    expect(confidenceBasis(report)).toBe(
      'Established by rule oom-killed from 1 evidence line in 1 file; it explains 1 of the 1 other problem observed (nginx-502); 1 piece of evidence could not be collected.',
    );
  });

  it('says times relative to the collection', () => {
    expect(relativeTime('2026-11-25T11:57:20Z', '2026-11-25T12:00:00Z')).toBe('−2m 40s');
    expect(relativeTime('2026-11-25T09:00:00Z', '2026-11-25T12:00:00Z')).toBe('−3h');
    expect(relativeTime('2026-11-25T12:00:05Z', '2026-11-25T12:00:00Z')).toBe('+5s');
    expect(relativeTime('2026-11-25T12:00:05Z', null)).toBeUndefined();
  });

  it('wraps diagram text by words, cutting what does not fit', () => {
    expect(wrap('A Studio Service has no ready endpoints', 16, 3)).toEqual([
      'A Studio Service',
      'has no ready',
      'endpoints',
    ]);
    expect(wrap('one two three four five six', 9, 2)).toEqual(['one two', 'three…']);
  });
});

describe('the Markdown report', () => {
  it('keeps bundle text inert: fences outlast backticks, table cells escape pipes, no raw HTML', () => {
    const md = renderMarkdown(report);
    expect(md.startsWith('# Studio 502 analysis: Cause found — `oom-killed`\n')).toBe(true);
    // Outside code spans and blocks (which render their content as text) no markup survives.
    const prose = md
      .replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '')
      .replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, '');
    expect(prose).not.toContain('<script>');
    expect(prose).toContain('\\<script\\>');
    // The excerpt holds a run of three backticks, so its block is fenced with four.
    expect(md).toContain(`\`\`\`\`text\n3: ${hostile}\n\`\`\`\`\n`);
    const row = md.split('\n').find((l) => l.startsWith('| events'))!;
    expect(row.split(/(?<!\\)\|/).length).toBe(5);
  });

  it('has the verdict, the chain, the commands to copy and the timeline', () => {
    const md = renderMarkdown(report);
    expect(md).toContain('_Why we think so: Established by rule oom-killed');
    expect(md).toContain('## Causal chain');
    expect(md).toContain('2. **root cause (pods)**: Killed');
    expect(md).toContain(
      `\`\`\`\`sh\nkubectl describe pod ${hostile} -n datachain-studio\n# Raise the memory limit, then:\n\`\`\`\``,
    );
    expect(md).toContain('2026-11-25T11:57:30Z (−2m 30s)  log     pod/<script>');
  });
});
