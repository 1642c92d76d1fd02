/** A cited line or object: what the report shows under a finding. */
export interface Evidence {
  /** Bundle path the evidence comes from. */
  path: string;
  /** 1-based line, for text files. */
  line?: number;
  excerpt: string;
  /** When it happened, if known (RFC 3339). */
  time?: string;
}

/** One normalized fact. Fields are flat values rules can name in `where`. */
export interface FactItem {
  evidence: Evidence[];
  [field: string]: unknown;
}

export type FieldType = 'string' | 'number' | 'boolean' | 'date' | 'strings' | 'map';

export interface FieldDef {
  type: FieldType;
  doc: string;
}

/** A named collection of facts, as rules see it (docs/writing-rules.md lists them). */
export interface FactCollection {
  name: string;
  doc: string;
  fields: Record<string, FieldDef>;
}

export type Facts = Record<string, FactItem[]>;
