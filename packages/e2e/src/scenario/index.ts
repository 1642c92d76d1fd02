export { Clock } from './clock.js';
export {
  Scenario,
  type Obj,
  type ContainerPlan,
  type ContainerResources,
  type Usage,
  type ContainerState,
  type PodPlan,
} from './scenario.js';
export { brokenStudio, manyPods, studioNamespace, type StudioScenario } from './studio.js';
export { makeTlsPair, type TlsPair } from './tls.js';
export { envOutput, recordExec, type ExecAnswer } from './exec.js';
export { notInImage, recordGuideChecks, type GuideCheckAnswers } from './guide-checks.js';
export { recordControllerMetrics, type CountedRequests } from './ingress-metrics.js';
export * as logText from './logs.js';
