import { createHash } from 'node:crypto';

/**
 * The HTML report template. A TypeScript string rather than a .hbs file so the single-file
 * binary carries it without reading files. Only double-stash `{{…}}` is used: Handlebars
 * escapes every value, and a test fails on any triple-stash. Styles are inline; the only
 * script is `copyScript`, allowed by its hash in the Content-Security-Policy, which forbids
 * every fetch.
 */

/**
 * Copy buttons, and details opened for printing. It reads text with textContent and writes
 * only its own button labels: no bundle string ever becomes markup. The clipboard API needs
 * a permission some browsers deny to file:// pages; then a hidden textarea and execCommand
 * do it; when both fail the command is selected for Ctrl-C.
 */
export const copyScript = `
function copyFallback(text) {
  var t = document.createElement('textarea');
  t.value = text;
  t.setAttribute('readonly', '');
  t.style.position = 'fixed';
  t.style.opacity = '0';
  document.body.appendChild(t);
  t.select();
  var ok = false;
  try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
  document.body.removeChild(t);
  return ok;
}
function selectText(el) {
  var range = document.createRange();
  range.selectNodeContents(el);
  var sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var source = document.getElementById(button.getAttribute('data-copy'));
    var text = source.textContent;
    var done = function (how) {
      button.setAttribute('data-copied', how);
      button.textContent = how === 'failed' ? 'Press Ctrl-C' : 'Copied';
      if (how === 'failed') selectText(source);
      setTimeout(function () { button.textContent = 'Copy'; }, 2000);
    };
    var fallback = function () { done(copyFallback(text) ? 'fallback' : 'failed'); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done('clipboard'); }, fallback);
    } else {
      fallback();
    }
  });
});
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
});
`;

/**
 * The one inline script is allowed by its hash, so the page's policy still forbids every
 * other script (an injected one included) and every fetch.
 */
export const contentSecurityPolicy = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(copyScript).digest('base64')}'`;

const styles = `
  :root {
    color-scheme: light dark;
    --fg: #1b2030; --muted: #5d6678; --faint: #8a93a6; --line: #dde2ea; --bg: #f5f6f9; --card: #fff;
    --code-bg: #f0f2f6; --hit: #fff3c4; --hit-edge: #e0b000;
    --red: #c0341d; --red-bg: #fdecea; --amber: #9a6700; --amber-bg: #fff6dd; --green: #1a7f37; --green-bg: #e8f6ec;
    --blue: #2f5fd0; --node: #fff; --node-edge: #c5ccd8;
  }
  @media (prefers-color-scheme: dark) {
    :root {
      --fg: #e4e7ee; --muted: #a2abbd; --faint: #77819a; --line: #2e3545; --bg: #12151c; --card: #1a1e28;
      --code-bg: #10131a; --hit: #3d3413; --hit-edge: #c99a06;
      --red: #ff7b6b; --red-bg: #3a1d1a; --amber: #e3b341; --amber-bg: #33290f; --green: #56d364; --green-bg: #16301d;
      --blue: #79a6ff; --node: #1f2431; --node-edge: #3b4458;
    }
  }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
  main { max-width: 1080px; margin: 0 auto; padding: 20px 24px 40px; }
  header.top { display: flex; justify-content: space-between; align-items: baseline; gap: 16px; flex-wrap: wrap; color: var(--muted); font-size: 13px; }
  header.top strong { color: var(--fg); font-size: 14px; letter-spacing: .02em; }
  h1 { font-size: 26px; line-height: 1.25; margin: 6px 0 10px; }
  h2 { font-size: 18px; margin: 28px 0 10px; }
  h3 { font-size: 15px; margin: 18px 0 6px; }
  section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 14px 0; }
  .verdict { border-left: 8px solid var(--muted); }
  .verdict.cause-found { border-left-color: var(--red); }
  .verdict.no-cause-found { border-left-color: var(--amber); }
  .verdict.healthy { border-left-color: var(--green); }
  .badge { display: inline-block; font-size: 12px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; border-radius: 6px; padding: 2px 8px; }
  .badge.cause-found { color: var(--red); background: var(--red-bg); }
  .badge.no-cause-found { color: var(--amber); background: var(--amber-bg); }
  .badge.healthy { color: var(--green); background: var(--green-bg); }
  .why { font-size: 16px; margin: 0 0 10px; }
  .basis { color: var(--muted); font-size: 13px; margin: 0; }
  .meta { color: var(--muted); font-size: 13px; }
  .tag { display: inline-block; border: 1px solid var(--line); border-radius: 999px; padding: 0 8px; margin: 0 4px 4px 0; font-size: 12px; background: var(--bg); font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .sev-critical { color: var(--red); } .sev-warning { color: var(--amber); } .sev-info { color: var(--muted); }
  code, pre, .mono { font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  figure.chain { margin: 0; overflow-x: auto; }
  figure.chain svg { display: block; max-width: 100%; height: auto; }
  figure.chain figcaption { color: var(--muted); font-size: 12px; margin-top: 6px; }
  svg .col { fill: var(--muted); font: 600 11px system-ui, sans-serif; text-transform: uppercase; letter-spacing: .06em; }
  svg .node rect { fill: var(--node); stroke: var(--node-edge); stroke-width: 1.5; }
  svg .node.symptom rect { stroke: var(--amber); }
  svg .node.consequence rect { stroke: var(--amber); stroke-dasharray: 5 3; }
  svg .node.cause rect { stroke: var(--red); stroke-width: 3; fill: var(--red-bg); }
  svg .node.unknown rect { stroke: var(--amber); stroke-dasharray: 2 3; fill: var(--amber-bg); }
  svg .node text { fill: var(--fg); font: 13px system-ui, sans-serif; }
  svg .node text.id { fill: var(--muted); font: 600 11px ui-monospace, Menlo, Consolas, monospace; }
  svg .node.cause text.id { fill: var(--red); }
  svg .node text.ev { fill: var(--muted); font: 11px ui-monospace, Menlo, Consolas, monospace; }
  svg .node line { stroke: var(--line); stroke-dasharray: 3 3; }
  svg .arrow { stroke: var(--faint); stroke-width: 2; fill: none; }
  svg .arrowhead { fill: var(--faint); }
  svg .because { fill: var(--faint); font: italic 11px system-ui, sans-serif; }
  .file { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; overflow: hidden; }
  .file .path { display: block; padding: 5px 10px; background: var(--bg); border-bottom: 1px solid var(--line); color: var(--muted); font-size: 12px; word-break: break-all; }
  .file ol { list-style: none; margin: 0; padding: 4px 0; background: var(--code-bg); }
  .file li { display: grid; grid-template-columns: 4.5em 1fr; gap: 10px; padding: 1px 10px 1px 0; }
  .file li.hit { background: var(--hit); box-shadow: inset 3px 0 0 var(--hit-edge); }
  .file .ln { text-align: right; color: var(--faint); user-select: none; }
  .file .text { white-space: pre-wrap; word-break: break-word; }
  .file .time { color: var(--faint); }
  ol.fix { padding-left: 22px; margin: 6px 0; } ol.fix li { margin: 6px 0; }
  .cmd { display: flex; align-items: flex-start; gap: 8px; }
  .cmd pre { flex: 1; margin: 0; padding: 7px 10px; background: var(--code-bg); border: 1px solid var(--line); border-radius: 6px; white-space: pre-wrap; word-break: break-all; }
  button.copy { font: 12px system-ui, sans-serif; padding: 6px 10px; border-radius: 6px; border: 1px solid var(--line); background: var(--card); color: var(--fg); cursor: pointer; min-width: 64px; }
  button.copy:hover { border-color: var(--blue); color: var(--blue); }
  button.copy[data-copied] { border-color: var(--green); color: var(--green); }
  ol.timeline { list-style: none; margin: 0; padding: 0; }
  ol.timeline li { display: grid; grid-template-columns: 150px 64px 1fr; gap: 10px; padding: 5px 0; border-top: 1px solid var(--line); font-size: 13px; }
  ol.timeline li:first-child { border-top: 0; }
  ol.timeline .when { font-variant-numeric: tabular-nums; }
  ol.timeline .when small { display: block; color: var(--faint); }
  ol.timeline .kind { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); padding-top: 2px; }
  ol.timeline li.warning .kind { color: var(--amber); }
  ol.timeline li.restart .kind { color: var(--red); }
  ol.timeline .what { min-width: 0; }
  ol.timeline .subject { font-weight: 600; word-break: break-all; }
  ol.timeline .text { white-space: pre-wrap; word-break: break-word; }
  ol.timeline li.collected { color: var(--blue); font-weight: 600; }
  details { background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin: 10px 0; }
  details > summary { cursor: pointer; padding: 10px 16px; font-weight: 600; }
  details > .body { padding: 0 16px 12px; }
  details details { margin: 8px 0; }
  dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 18px; margin: 0; font-size: 14px; }
  dl.summary dt { color: var(--muted); }
  dl.summary dd { margin: 0; word-break: break-all; }
  table { width: 100%; border-collapse: collapse; font-size: 13px; }
  th, td { text-align: left; vertical-align: top; border-top: 1px solid var(--line); padding: 6px 8px; }
  footer { color: var(--muted); font-size: 12px; margin: 28px 0 0; }
  @media (max-width: 700px) { ol.timeline li { grid-template-columns: 1fr; gap: 2px; } }
  @media print {
    :root { color-scheme: light; --bg: #fff; --card: #fff; --code-bg: #f6f6f6; --fg: #000; --muted: #444; --line: #ccc; --node: #fff; }
    body { font-size: 11pt; background: #fff; }
    main { max-width: none; padding: 0; }
    button.copy { display: none; }
    section.card, details, .file, ol.timeline li { break-inside: avoid; }
    details > summary { list-style: none; }
    h2 { break-after: avoid; }
  }
`;

export const reportHtmlTemplate = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Studio 502 analysis: {{verdictWords}}{{#if top}} — {{top.cause}}{{/if}}</title>
<style>${styles}</style>
</head>
<body>
<main>
<header class="top"><strong>DataChain Studio · 502 analysis</strong><span>{{bundleLine}}</span></header>

<section class="card verdict {{report.verdict}}" id="verdict">
  <span class="badge {{report.verdict}}">{{verdictWords}}{{#if top}} · {{top.cause}}{{/if}}</span>
  <h1>{{#if top}}{{top.title}}{{else}}{{report.summary}}{{/if}}</h1>
  {{#if top}}<p class="why">{{lookup top.paragraphs 0}}</p>{{/if}}
  <p class="basis">{{basis}}</p>
</section>

{{#if diagram}}
<h2>How it leads to the 502</h2>
<section class="card" id="chain">
<figure class="chain">
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chain-title" viewBox="0 0 {{diagram.width}} {{diagram.height}}" width="{{diagram.width}}" height="{{diagram.height}}">
<title id="chain-title">{{diagram.description}}</title>
<defs><marker id="head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path class="arrowhead" d="M0,0 L10,5 L0,10 z"/></marker></defs>
{{#each diagram.columns}}<text class="col" x="{{x}}" y="16" text-anchor="middle">{{label}}</text>
{{/each}}
{{#each diagram.arrows}}<line class="arrow" x1="{{x1}}" y1="{{y}}" x2="{{x2}}" y2="{{y}}" marker-end="url(#head)"/><text class="because" x="{{x1}}" y="{{y}}" dx="26" dy="-8" text-anchor="middle">because</text>
{{/each}}
{{#each diagram.nodes}}<g class="node {{role}}"><rect x="{{x}}" y="{{y}}" width="{{w}}" height="{{h}}" rx="8"/>
{{#each lines}}<text x="{{../x}}" dx="12" y="{{y}}"{{#if @first}} class="id"{{/if}}>{{text}}</text>
{{/each}}{{#if evidence.length}}<line x1="{{x}}" x2="{{x2}}" y1="{{rule}}" y2="{{rule}}"/>{{/if}}
{{#each evidence}}<text class="ev" x="{{../x}}" dx="12" y="{{y}}">{{text}}</text>
{{/each}}</g>
{{/each}}
</svg>
<figcaption>Left to right, from what users see to what to fix. Under each finding, the bundle files it rests on.</figcaption>
</figure>
</section>
{{/if}}

{{#if top}}
<h2>Evidence and fix <span class="tag">{{top.cause}}</span> <span class="tag">layer: {{top.layer}}</span></h2>
<section class="card" id="cause">
  {{#each top.more}}<p>{{this}}</p>{{/each}}
  {{#if top.explainsSymptoms.length}}<p class="meta">Explains: {{#each top.explainsSymptoms}}<span class="tag">{{this}}</span>{{/each}}</p>{{/if}}
  {{> evidence files=top.files}}
  <h3>What to do</h3>
  {{> fix steps=top.steps}}
  <p class="meta">Established by {{#each top.rules}}<code>{{this}}</code> {{/each}}</p>
</section>
{{/if}}

{{#if timeline.length}}
<h2>Timeline</h2>
<section class="card" id="timeline">
<ol class="timeline">
{{#each timeline}}<li class="{{kind}}{{#if warning}} warning{{/if}}"><span class="when">{{when}}{{#if relative}}<small>{{relative}}</small>{{/if}}</span><span class="kind">{{kind}}</span><span class="what"><span class="subject">{{subject}}</span> <span class="text">{{text}}</span><br><span class="meta mono">{{where this}}</span></span></li>
{{/each}}
{{#if report.bundle.collectedAt}}<li class="collected"><span class="when">{{collectedClock}}</span><span class="kind">bundle</span><span class="what">collected</span></li>{{/if}}
</ol>
</section>
{{/if}}

{{#if others.length}}
<h2>Other causes found, ranked</h2>
{{#each others}}
<details class="other-cause">
<summary>{{title}} <span class="tag">{{cause}}</span></summary>
<div class="body">
  <p>{{explanation}}</p>
  {{> evidence files=files}}
  {{> fix steps=steps}}
</div>
</details>
{{/each}}
{{/if}}

{{#if findings.length}}
<h2>Symptoms and other findings</h2>
{{#each findings}}
<details class="finding">
<summary><span class="sev-{{severity}}">{{severity}}</span> · {{title}} <span class="tag">{{rule}}</span></summary>
<div class="body">
  <p>{{message}}</p>
  {{> evidence files=files}}
  {{> fix steps=steps}}
</div>
</details>
{{/each}}
{{/if}}

<h2>The bundle</h2>
<section class="card" id="bundle">
<dl class="summary">
{{#each summary}}<dt>{{k}}</dt><dd>{{v}}</dd>
{{/each}}
</dl>
</section>

{{#if report.missing.length}}
<details id="missing"{{#if missingOpen}} open{{/if}}>
<summary>Not collected ({{report.missing.length}})</summary>
<div class="body">
<table>
<thead><tr><th>What</th><th>Why</th><th>Would decide</th></tr></thead>
<tbody>
{{#each report.missing}}<tr><td>{{what}}{{#if path}}<br><code class="meta">{{path}}</code>{{/if}}</td><td>{{reason}}</td><td>{{#each decides}}<span class="tag">{{this}}</span>{{/each}}</td></tr>
{{/each}}
</tbody>
</table>
</div>
</details>
{{/if}}

{{#if report.errors.length}}
<details id="errors" open>
<summary>Rules that could not run ({{report.errors.length}})</summary>
<div class="body"><ul>{{#each report.errors}}<li><code>{{rule}}</code>: {{message}}</li>{{/each}}</ul></div>
</details>
{{/if}}

<footer>{{report.tool.name}} {{report.tool.version}} · bundle {{report.bundle.source}}</footer>
</main>
<script>${copyScript}</script>
</body>
</html>
`;

export const evidencePartial = `{{#each files}}<div class="file"><code class="path">{{path}}</code><ol>
{{#each lines}}<li class="hit"><span class="ln mono">{{#if line}}{{line}}{{else}}·{{/if}}</span><span class="text mono">{{excerpt}}{{#if time}} <span class="time">({{time}})</span>{{/if}}</span></li>
{{/each}}</ol></div>
{{/each}}`;

export const fixPartial = `{{#if steps.length}}<ol class="fix">
{{#each steps}}<li>{{#if command}}<div class="cmd"><pre id="{{id}}">{{text}}</pre><button type="button" class="copy" data-copy="{{id}}">Copy</button></div>{{else}}{{text}}{{/if}}</li>
{{/each}}
</ol>{{/if}}`;
