import type { Facts } from '../facts/types.js';

/**
 * Small inline SVG charts for the HTML report: each container's memory in use against its
 * limit, and each Studio Service's share of 502 answers at the ingress controller. Geometry is
 * computed here, as numbers; names are rendered by the Handlebars partial with its escaping —
 * no bundle text is ever put into markup unescaped.
 */
export interface Bar {
  label: string;
  /** What the bar says in words, e.g. "1966Mi of 2048Mi (95%)". */
  value: string;
  /** Bar length in px (0…width) and where the limit line / track ends. */
  width: number;
  /** y of the row, px. */
  y: number;
  /** ok | warn | bad: the bar's colour class. */
  level: 'ok' | 'warn' | 'bad';
}

export interface Chart {
  title: string;
  /** Accessible summary, for the svg's <title>. */
  summary: string;
  height: number;
  trackWidth: number;
  bars: Bar[];
}

const rowHeight = 22;
const trackWidth = 240;
const Mi = 1024 * 1024;

const level = (percent: number, warn: number, bad: number): Bar['level'] =>
  percent >= bad ? 'bad' : percent >= warn ? 'warn' : 'ok';

function chart(title: string, summary: string, rows: Omit<Bar, 'y'>[]): Chart | undefined {
  if (rows.length === 0) return undefined;
  return {
    title,
    summary,
    height: rows.length * rowHeight,
    trackWidth,
    bars: rows.map((r, i) => ({ ...r, y: i * rowHeight })),
  };
}

/** Memory in use against the limit, per Studio container that has one (facts.containerUsage). */
export function memoryChart(facts: Facts): Chart | undefined {
  const rows = (facts.containerUsage ?? [])
    .filter((c) => typeof c.memoryLimitBytes === 'number' && typeof c.memoryBytes === 'number')
    .map((c) => {
      const used = c.memoryBytes as number;
      const limit = c.memoryLimitBytes as number;
      const percent = Math.trunc((used / limit) * 100);
      return {
        label: `${String(c.pod)}/${String(c.container)}`,
        value: `${Math.round(used / Mi)}Mi of ${Math.round(limit / Mi)}Mi (${percent}%)`,
        width: Math.min(trackWidth, Math.round((used / limit) * trackWidth)),
        level: level(percent, 80, 90),
      };
    });
  return chart(
    'Memory in use, against each limit',
    'Memory working set of each Studio container as a share of its memory limit',
    rows,
  );
}

/** The share of 502 answers per Service, from the controller's counters (facts.ingressRequests). */
export function rate502Chart(facts: Facts): Chart | undefined {
  const rows = (facts.ingressRequests ?? [])
    .filter((r) => (r.requests as number) > 0)
    .map((r) => {
      const percent = r.percent502 as number;
      return {
        label: String(r.service),
        value: `${String(r.count502)} of ${String(r.requests)} requests answered 502 (${percent}%)`,
        width: Math.min(trackWidth, Math.round((percent / 100) * trackWidth)),
        level: level(percent, 0.1, 1),
      };
    });
  return chart(
    '502 answers per Service (ingress-nginx, since it started)',
    'Share of requests the ingress controller answered with 502, per backend Service',
    rows,
  );
}

/**
 * The partial: `{{> chart chart}}` with a Chart. Register it as `chart` on the report's
 * Handlebars instance; style the classes chart-ok, chart-warn, chart-bad in the report CSS.
 */
export const chartPartial = `<figure class="chart">
  <figcaption>{{title}}</figcaption>
  <svg role="img" width="{{trackWidth}}" height="{{height}}" viewBox="0 0 {{trackWidth}} {{height}}" xmlns="http://www.w3.org/2000/svg">
    <title>{{summary}}</title>
    {{#each bars}}
    <g transform="translate(0 {{y}})">
      <rect class="chart-track" x="0" y="2" width="{{../trackWidth}}" height="16" rx="3"></rect>
      <rect class="chart-{{level}}" x="0" y="2" width="{{width}}" height="16" rx="3"><title>{{label}}: {{value}}</title></rect>
    </g>
    {{/each}}
  </svg>
  <ul class="chart-legend">
    {{#each bars}}<li class="chart-{{level}}"><code>{{label}}</code> {{value}}</li>{{/each}}
  </ul>
</figure>`;
