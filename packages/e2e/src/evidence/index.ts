// The evidence corpus: text real software printed, for rules and fixture scenarios to quote.
// Generated groups come from scripts/capture-evidence (captured.generated.ts); Kubernetes and
// VM groups that cannot run here are cited (cited/*.ts). Provenance: ./README.md.
import { captured } from './captured.generated.js';
import { dockerDaemon, kernel, systemd } from './cited/host.js';
import {
  containerRuntime,
  coredns,
  ingressNginxController,
  kubelet,
  scheduler,
} from './cited/kubernetes.js';
import { versionVariants } from './cited/versions.js';
import type { CapturedCorpus, Evidence, EvidenceText } from './types.js';

export type {
  CapturedCorpus,
  CitedSource,
  Evidence,
  EvidenceSource,
  EvidenceText,
  GeneratedSource,
} from './types.js';
export { fill, placeholders } from './fill.js';
export { studioExample } from './cited/kubernetes.js';

type WithVariants<C> = { readonly [G in keyof C]: { readonly [K in keyof C[G]]: Evidence } };

function attachVariants<C extends CapturedCorpus>(
  corpus: C,
  variants: Readonly<Record<string, Readonly<Record<string, readonly EvidenceText[]>>>>,
): WithVariants<C> {
  const groups = Object.entries(corpus).map(([group, entries]) => [
    group,
    Object.fromEntries(
      Object.entries(entries).map(([key, entry]) => {
        const extra = variants[group]?.[key];
        return [key, extra ? { ...entry, variants: extra } : entry];
      }),
    ),
  ]);
  return Object.fromEntries(groups) as WithVariants<C>;
}

/** Program-generated groups (with version variants attached), then the cited ones. */
const generatedGroups = attachVariants(captured, versionVariants);
const citedGroups = {
  kubelet,
  scheduler,
  ingressNginxController,
  coredns,
  containerRuntime,
  systemd,
  kernel,
  dockerDaemon,
};

/**
 * Every piece of evidence, grouped by the program that prints it:
 * `evidence.nginx.connectRefused.text`, `evidence.kubelet.pullUnauthorized.variants`, …
 */
export const evidence = { ...generatedGroups, ...citedGroups };

/** Names of the groups captured by running programs here, and of those cited. */
export const generatedGroupNames = Object.keys(generatedGroups);
export const citedGroupNames = Object.keys(citedGroups);

/** One text of the corpus with its id: `group.key` for the primary, `group.key#n` for variant n. */
export interface EvidenceItem {
  id: string;
  item: EvidenceText;
}

/** Every text of the corpus, primaries and variants, in a stable order. */
export function listEvidence(): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const [group, entries] of Object.entries(evidence)) {
    for (const [key, entry] of Object.entries(entries as Record<string, Evidence>)) {
      items.push({ id: `${group}.${key}`, item: entry });
      (entry.variants ?? []).forEach((variant, n) => {
        items.push({ id: `${group}.${key}#${n + 1}`, item: variant });
      });
    }
  }
  return items;
}
