import type { CauseId, Rule } from '@studio-support/schema';
import type { ScanPattern } from '../bundle/line-scan.js';
import type { Operator } from './operators/index.js';
import type { Template } from './templates.js';

export interface CompiledTest {
  operator: Operator;
  operand: unknown;
}

/** One `where` entry: a field path and every operator it must pass. */
export interface CompiledPredicate {
  field: string;
  segments: string[];
  tests: CompiledTest[];
}

export type CompiledCondition =
  | { kind: 'fact'; fact: string; where: CompiledPredicate[]; count?: CompiledTest[]; as?: string }
  | {
      kind: 'logs';
      patternId: string;
      where: CompiledPredicate[];
      count?: CompiledTest[];
      as?: string;
    }
  | { kind: 'any'; conditions: CompiledCondition[] }
  | { kind: 'none'; conditions: CompiledCondition[] };

export interface LoadedRule {
  id: string;
  /** The file as shown in messages (relative to the working directory when inside it). */
  file: string;
  title: string;
  cause?: CauseId;
  symptom?: string;
  severity: Rule['severity'];
  appliesTo: Rule['appliesTo'];
  explains: string[];
  when: CompiledCondition[];
  /** `as` names whose matches are cited; undefined: every condition's. */
  evidence?: string[];
  message: Template;
  remediation: Template[];
  references: string[];
  /** This rule's log patterns, to be joined into the one combined scan. */
  logPatterns: ScanPattern[];
}
