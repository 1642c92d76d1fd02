import type { ChainLink, Report } from '@studio-support/schema';
import { stageOf, stages } from './chain.js';
import { stageLabel } from './present.js';

/** One box of the causal-chain diagram, laid out; every string is bundle data, escaped later. */
export interface DiagramNode {
  x: number;
  /** Right edge. */
  x2: number;
  y: number;
  w: number;
  h: number;
  role: ChainLink['role'] | 'unknown';
  id: string;
  lines: { y: number; text: string }[];
  evidence: { y: number; text: string }[];
  /** The evidence separator's y. */
  rule: number;
}

export interface Diagram {
  width: number;
  height: number;
  columns: { x: number; label: string }[];
  nodes: DiagramNode[];
  arrows: { x1: number; x2: number; y: number }[];
  /** Plain-text reading of the diagram for screen readers. */
  description: string;
}

const nodeW = 200;
const gap = 64;
const pad = 12;
const headerH = 28;
const lineH = 17;
const evidenceH = 15;
const titleChars = 27;
const evidenceChars = 28;

/** Words wrapped into at most `max` lines of `width` characters, the last cut with "…". */
export function wrap(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (next.length <= width) current = next;
    else {
      if (current) lines.push(current);
      current = word.length > width ? `${word.slice(0, width - 1)}…` : word;
    }
  }
  if (current) lines.push(current);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = `${kept[max - 1]!.slice(0, width - 1)}…`;
    return kept;
  }
  return lines;
}

/** The end of a bundle path that names the thing: "…/backend-previous.log:41". */
function shortPath(e: { path: string; line?: number }): string {
  const parts = e.path.split('/');
  let text = parts.slice(-2).join('/');
  if (e.line !== undefined) text += `:${e.line}`;
  return text.length > evidenceChars ? `…${text.slice(-(evidenceChars - 1))}` : text;
}

/**
 * Lays out the chain as columns along the request path, the root cause alone in the last
 * column: each box shows its finding and, under a rule, the evidence files it rests on.
 * Without a cause but with critical symptoms, the last box is a question mark: what is
 * known, and that the cause is not.
 */
export function layoutDiagram(r: Report): Diagram | undefined {
  let links: (Omit<ChainLink, 'role'> & { role: DiagramNode['role'] })[] = r.chain ?? [];
  if (links.length === 0) {
    if (r.verdict !== 'no-cause-found') return undefined;
    const symptoms = r.findings
      .filter((f) => f.symptom && f.severity === 'critical')
      .map((f) => ({
        stage: stageOf(f.symptom!),
        role: 'symptom' as const,
        rule: f.rule,
        id: f.symptom,
        title: f.title,
        evidence: f.evidence.slice(0, 2),
      }))
      .sort((a, b) => stages.indexOf(a.stage) - stages.indexOf(b.stage));
    links = [
      ...symptoms,
      {
        stage: 'dependencies',
        role: 'unknown',
        rule: '',
        id: 'no cause found',
        title: 'No rule found the cause: see what the bundle lacks',
        evidence: [],
      },
    ];
  }
  const target = r.bundle.target;
  const groups: { label: string; links: typeof links }[] = [];
  for (const link of links) {
    const label =
      link.role === 'cause'
        ? `root cause · ${stageLabel(link.stage, target)}`
        : link.role === 'unknown'
          ? 'root cause'
          : stageLabel(link.stage, target);
    const last = groups.at(-1);
    if (last && last.label === label && link.role !== 'cause') last.links.push(link);
    else groups.push({ label, links: [link] });
  }
  const nodes: DiagramNode[] = [];
  const columns: Diagram['columns'] = [];
  const arrows: Diagram['arrows'] = [];
  let height = 0;
  const mids: number[] = [];
  groups.forEach((g, i) => {
    const x = pad + i * (nodeW + gap);
    columns.push({ x: x + nodeW / 2, label: g.label });
    let y = headerH;
    const top = y;
    for (const link of g.links) {
      const title = wrap(link.title, titleChars, 3);
      const evidence = link.evidence.slice(0, 2).map(shortPath);
      const idY = y + 18;
      const lines = title.map((text, j) => ({ y: idY + (j + 1) * lineH, text }));
      const rule = idY + title.length * lineH + 10;
      const ev = evidence.map((text, j) => ({ y: rule + 14 + j * evidenceH, text }));
      const h = rule - y + (ev.length ? ev.length * evidenceH + 10 : 0);
      nodes.push({
        x,
        x2: x + nodeW,
        y,
        w: nodeW,
        h,
        role: link.role,
        id: link.id ?? link.rule,
        lines: [{ y: idY, text: link.id ?? link.rule }, ...lines],
        evidence: ev,
        rule,
      });
      y += h + 12;
    }
    mids.push((top + y - 12) / 2);
    height = Math.max(height, y);
  });
  for (let i = 1; i < groups.length; i++) {
    const x1 = pad + (i - 1) * (nodeW + gap) + nodeW;
    arrows.push({ x1: x1 + 4, x2: x1 + gap - 6, y: Math.min(mids[i - 1]!, mids[i]!) });
  }
  const description = groups
    .map((g) => `${g.label}: ${g.links.map((l) => l.title).join('; ')}`)
    .join(', because ');
  return {
    width: pad * 2 + groups.length * nodeW + (groups.length - 1) * gap,
    height: height + pad,
    columns,
    nodes,
    arrows,
    description,
  };
}
