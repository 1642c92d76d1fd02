export { kubectlPath, kubectlVersions, type KubectlPin } from './kubectl.js';
export * from './scenario/index.js';
export * from './evidence/index.js';
