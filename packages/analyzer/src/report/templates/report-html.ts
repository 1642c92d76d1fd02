/**
 * The HTML report template. A TypeScript string rather than a .hbs file so the
 * single-file binary carries it without reading files. Only double-stash `{{…}}` is
 * used: Handlebars escapes every value, and a test fails on any triple-stash. Styles
 * are inline and the Content-Security-Policy forbids every fetch.
 */
export const reportHtmlTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Studio 502 analysis: {{verdictWords}}{{#if top}} — {{top.cause}}{{/if}}</title>
<style>
  :root { --fg: #1d2330; --muted: #5b6475; --line: #d9dee8; --bg: #f6f7fa; --red: #b42318; --green: #1a7f37; --amber: #9a6700; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
  main { max-width: 1040px; margin: 0 auto; padding: 24px; }
  h1 { font-size: 24px; margin: 0 0 8px; }
  h2 { font-size: 19px; margin: 32px 0 12px; }
  h3 { font-size: 16px; margin: 20px 0 8px; }
  section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
  .verdict { border-left: 6px solid var(--muted); }
  .verdict.cause-found { border-left-color: var(--red); }
  .verdict.no-cause-found { border-left-color: var(--amber); }
  .verdict.healthy { border-left-color: var(--green); }
  .meta { color: var(--muted); font-size: 13px; }
  .tag { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: 0 8px; margin: 0 4px 4px 0; font-size: 12px; background: var(--bg); }
  .sev-critical { color: var(--red); } .sev-warning { color: var(--amber); } .sev-info { color: var(--muted); }
  code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  pre { background: #0f1420; color: #e6e9ef; padding: 8px 12px; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th, td { text-align: left; vertical-align: top; border-top: 1px solid var(--line); padding: 6px 8px; }
  td.path { white-space: nowrap; color: var(--muted); }
  td.excerpt code { white-space: pre-wrap; word-break: break-word; }
  ol.fix { padding-left: 20px; } ol.fix li { margin: 6px 0; }
  footer { color: var(--muted); font-size: 12px; margin: 32px 0; }
</style>
</head>
<body>
<main>
<section class="card verdict {{report.verdict}}">
  <h1>{{verdictWords}}{{#if top}}: {{top.title}}{{/if}}</h1>
  <p>{{report.summary}}</p>
  <p class="meta">{{bundleLine}}</p>
</section>

{{#if top}}
<h2>Root cause <span class="tag">{{top.cause}}</span> <span class="tag">layer: {{top.layer}}</span></h2>
<section class="card">
  <h3>{{top.title}}</h3>
  {{#each topParagraphs}}<p>{{this}}</p>{{/each}}
  {{#if top.explainsSymptoms.length}}<p>Explains what was observed: {{#each top.explainsSymptoms}}<span class="tag">{{this}}</span>{{/each}}</p>{{/if}}
  {{> evidence list=top.evidence}}
  <h3>What to do</h3>
  {{> fix steps=top.remediation}}
  <p class="meta">Established by {{#each top.rules}}<code>{{this}}</code> {{/each}}</p>
</section>
{{/if}}

{{#if others.length}}
<h2>Other causes found, ranked</h2>
{{#each others}}
<section class="card">
  <h3>{{title}} <span class="tag">{{cause}}</span></h3>
  <p>{{explanation}}</p>
  {{> evidence list=evidence}}
  {{> fix steps=remediation}}
</section>
{{/each}}
{{/if}}

{{#if findings.length}}
<h2>Symptoms and other findings</h2>
{{#each findings}}
<section class="card">
  <h3><span class="sev-{{severity}}">{{severity}}</span> · {{title}} <span class="tag">{{rule}}</span></h3>
  <p>{{message}}</p>
  {{> evidence list=evidence}}
</section>
{{/each}}
{{/if}}

{{#if report.missing.length}}
<h2>Not in the bundle</h2>
<section class="card">
<table>
<thead><tr><th>What</th><th>Why</th><th>Would decide</th></tr></thead>
<tbody>
{{#each report.missing}}<tr><td>{{what}}{{#if path}}<br><code class="meta">{{path}}</code>{{/if}}</td><td>{{reason}}</td><td>{{#each decides}}<span class="tag">{{this}}</span>{{/each}}</td></tr>
{{/each}}
</tbody>
</table>
</section>
{{/if}}

{{#if report.errors.length}}
<h2>Rules that could not run</h2>
<section class="card"><ul>{{#each report.errors}}<li><code>{{rule}}</code>: {{message}}</li>{{/each}}</ul></section>
{{/if}}

<footer>{{report.tool.name}} {{report.tool.version}} · bundle {{report.bundle.source}}</footer>
</main>
</body>
</html>
`;

export const evidencePartial = `{{#if list.length}}<table>
<thead><tr><th>Where</th><th>Evidence</th></tr></thead>
<tbody>
{{#each list}}<tr><td class="path"><code>{{where this}}</code>{{#if time}}<br>{{time}}{{/if}}</td><td class="excerpt"><code>{{excerpt}}</code></td></tr>
{{/each}}
</tbody>
</table>{{/if}}`;

export const fixPartial = `{{#if steps.length}}<ol class="fix">
{{#each steps}}<li>{{#if (isCommand this)}}<pre>{{this}}</pre>{{else}}{{this}}{{/if}}</li>
{{/each}}
</ol>{{/if}}`;
