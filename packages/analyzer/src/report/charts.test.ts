import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import type { Facts } from '../facts/types.js';
import { chartPartial, memoryChart, rate502Chart } from './charts.js';

const Mi = 1024 * 1024;
const facts: Facts = {
  containerUsage: [
    {
      pod: 'backend-1',
      container: 'api<script>',
      memoryBytes: 1966 * Mi,
      memoryLimitBytes: 2048 * Mi,
      evidence: [],
    },
    { pod: 'frontend-1', container: 'web', memoryBytes: 64 * Mi, evidence: [] },
  ],
  ingressRequests: [
    {
      service: 'datachain-studio-backend',
      requests: 1574,
      count502: 264,
      percent502: 16.77,
      evidence: [],
    },
    {
      service: 'datachain-studio-frontend',
      requests: 9120,
      count502: 0,
      percent502: 0,
      evidence: [],
    },
  ],
};

describe('report charts', () => {
  it('draws memory against limits, only for containers that have one', () => {
    const chart = memoryChart(facts)!;
    expect(chart.bars).toEqual([
      {
        label: 'backend-1/api<script>',
        value: '1966Mi of 2048Mi (95%)',
        width: 230,
        y: 0,
        level: 'bad',
      },
    ]);
    expect(memoryChart({})).toBeUndefined();
  });

  it('draws the 502 share per Service', () => {
    expect(rate502Chart(facts)!.bars.map((b) => [b.label, b.width, b.level])).toEqual([
      ['datachain-studio-backend', 40, 'bad'],
      ['datachain-studio-frontend', 0, 'ok'],
    ]);
  });

  it('renders as inline SVG with every name escaped', () => {
    const hb = Handlebars.create();
    hb.registerPartial('chart', chartPartial);
    const html = hb.compile('{{> chart chart}}')({ chart: memoryChart(facts) });
    expect(html).toContain('<svg role="img" width="240" height="22"');
    expect(html).toContain('<rect class="chart-bad" x="0" y="2" width="230"');
    expect(html).toContain('backend-1/api&lt;script&gt;');
    expect(html).not.toContain('<script>');
  });
});
