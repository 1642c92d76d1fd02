/** Text a real program printed here: how it was produced (scripts/capture-evidence). */
export interface GeneratedSource {
  kind: 'generated';
  /** The program whose wording this is, e.g. `nginx`, `python3 + psycopg2`. */
  program: string;
  /** Exact version and Debian package version of that program. */
  version: string;
  /** The command that made it print the text (ports and paths generalised). */
  command: string;
  /** The situation staged for it (the fault). */
  setup: string;
  /** Versions whose wording this is known to match, when wider than the one captured. */
  appliesTo?: string;
}

/** Text quoted from a public source, because the program does not run here. */
export interface CitedSource {
  kind: 'cited';
  /** Where the wording is: an issue thread, or a file at a commit (URL with the commit). */
  url: string;
  /** What the URL holds: a real printed message (`issue`, `bundle`) or the `source` format string. */
  quote: 'issue' | 'bundle' | 'source';
  /** How the text was made from it: which values were substituted, what was composed. */
  note: string;
  appliesTo?: string;
}

export type EvidenceSource = GeneratedSource | CitedSource;

/**
 * One piece of evidence text (a log line, an event message, a command's output; it may span
 * lines). `template` is `text` with its run-specific parts as `{name}` placeholders (`{{` and
 * `}}` are literal braces) and `values` holds what they were, so `fill(evidence)` gives `text`
 * back and `fill(evidence, { time: '…' })` gives the same wording with other values.
 */
export interface EvidenceText {
  text: string;
  template: string;
  values: Readonly<Record<string, string>>;
  source: EvidenceSource;
}

/** An entry of the corpus: the primary text and the known wording variants of other versions. */
export interface Evidence extends EvidenceText {
  variants?: readonly EvidenceText[];
}

/** Shape of the generated file: group → key → captured text. */
export type CapturedCorpus = Record<
  string,
  Record<string, EvidenceText & { source: GeneratedSource }>
>;
