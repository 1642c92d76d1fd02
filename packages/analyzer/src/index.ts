export { main } from './cli.js';
export {
  startServer,
  type StartServerOptions,
  type ServeHandle,
  type RequestRecord,
} from './serve/server.js';
export type {
  FaultPlan,
  ErrorFault,
  ResetFault,
  LogStreamFault,
  FaultTarget,
} from './serve/faults.js';
export {
  BundleError,
  defaultLimits,
  extractBundle,
  locateBundleRoot,
  readBundle,
  type Bundle,
  type BundleFormat,
  type BundleLimits,
  type ExtractedBundle,
} from './bundle/index.js';
export { analyzeBundle, type AnalyzeOptions, type Analysis } from './rules/analyze.js';
export { defaultRulesDir, loadRules, parseRule } from './rules/load.js';
export { factScanPatterns } from './facts/index.js';
export { RuleError } from './rules/rule-error.js';
export { renderHtml, renderMarkdown } from './report/index.js';
export {
  compareExpectation,
  findFixtures,
  loadExpectation,
  type Fixture,
} from './rules/expectation.js';
