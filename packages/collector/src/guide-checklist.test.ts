import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * docs/collecting.md lists every diagnostic command of the 502 troubleshooting guide next to
 * the bundle path that holds its answer. This reads the guide itself and fails when one of its
 * checks is missing from that table.
 */
const guideUrl = new URL('../../../../shared/seed/studio-502-guide.md', import.meta.url);
const docsUrl = new URL('../../../docs/collecting.md', import.meta.url);

/** Commands that change something: the guide's fixes, not checks. */
const remediation =
  /^(?:ssh |kubectl (?:delete|create|rollout|set|scale|apply)\b|helm |docker (?:tag|push)\b|sudo (?:systemctl|docker) restart\b)/;

/**
 * The commands of the guide's bash blocks: continuation lines joined, comments dropped, a
 * multi-line `python -c "…"` script shown by the module it imports (psycopg2, redis), and the
 * values.yaml excerpt left out.
 */
function guideCommands(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const lines = block[1]!.split('\n');
    for (let i = 0; i < lines.length; i++) {
      let cmd = lines[i]!.trimEnd();
      if (!cmd.trim() || cmd.trim().startsWith('#') || /^\s*[\w-]+:(?: |$)/.test(cmd)) continue;
      while (cmd.endsWith('\\')) cmd = `${cmd.slice(0, -1).trimEnd()} ${lines[++i]!.trim()}`;
      if ((cmd.match(/"/g) ?? []).length % 2 === 1) {
        const script: string[] = [];
        while (lines[++i]!.trim() !== '"') script.push(lines[i]!);
        const module = [...script.join('\n').matchAll(/^import (\w+)/gm)]
          .map((m) => m[1])
          .find((m) => m !== 'os');
        cmd = `${cmd.replace(/"$/, '').trimEnd()} "…${module}…"`;
      }
      out.push(
        cmd
          .replace(/\s+#.*$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      );
    }
  }
  return out;
}

const same = (command: string): string => command.replace(/\\\|/g, '|');

/**
 * The first column of the checklist table: each check as written, its pipes unescaped. A
 * table cell cannot show a backslash before a pipe (grep's `\|`), so the comparison drops it
 * on both sides (`same`).
 */
function tableChecks(markdown: string): string[] {
  const section = markdown.split("## The guide's checklist, and where each answer is")[1] ?? '';
  const table = section.split('\n## ')[0]!;
  return table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| the guide') && !l.startsWith('| ---'))
    .map((l) => /^\| `((?:[^`])*)`/.exec(l)?.[1] ?? l.split(' | ')[0]!.slice(2))
    .map(same);
}

describe("docs/collecting.md: the guide's checklist", async () => {
  const guide = await readFile(guideUrl, 'utf8');
  const docs = await readFile(docsUrl, 'utf8');
  const checks = guideCommands(guide).filter((c) => !remediation.test(c));
  const listed = tableChecks(docs);

  it('reads the guide’s checks (and only its checks)', () => {
    expect(checks.length).toBeGreaterThan(50);
    expect(checks).toContain('kubectl top pods -n datachain-studio');
    expect(checks).toContain(
      'kubectl exec -it deployment/datachain-studio-backend -n datachain-studio -- python -c "…psycopg2…"',
    );
    expect(checks.some((c) => c.startsWith('kubectl rollout restart'))).toBe(false);
  });

  it.each([...new Set(checks)])('lists %s with where its answer is', (check) => {
    expect(listed).toContain(same(check));
  });

  it('lists the guide’s alerts and probes', () => {
    for (const name of [
      'High502ErrorRate',
      'BackendServiceDown',
      '/health/ready',
      '/health/live',
    ]) {
      expect(docs.split("## The guide's checklist")[1]).toContain(name);
    }
  });
});
