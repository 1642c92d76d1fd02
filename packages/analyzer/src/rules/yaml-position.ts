import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** "/when/0/where" → ["when", "0", "where"] (RFC 6901 unescaping). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * line:col of the YAML node at `pointer` — or of the key naming it, with `key` — falling
 * back to the deepest node that exists, so every error points somewhere useful.
 */
export function positionOf(
  doc: Document,
  counter: LineCounter,
  pointer: string,
  key = false,
): { line: number; col: number } {
  const segments = pointerSegments(pointer);
  let node: unknown = doc.contents;
  let at: Node | undefined = doc.contents ?? undefined;
  for (const [i, seg] of segments.entries()) {
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (!pair) break;
      const value = pair.value as Node | null;
      at = (last && key) || value === null ? (pair.key as Node) : value;
      node = value;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (!item) break;
      at = item;
      node = item;
    } else {
      break;
    }
  }
  return counter.linePos(at?.range?.[0] ?? 0);
}
