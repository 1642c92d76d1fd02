export { Clock } from './clock.js';
export {
  Scenario,
  type Obj,
  type ContainerPlan,
  type ContainerState,
  type PodPlan,
} from './scenario.js';
export { brokenStudio, manyPods, studioNamespace, type StudioScenario } from './studio.js';
export { makeTlsPair, type TlsPair } from './tls.js';
export * as logText from './logs.js';
