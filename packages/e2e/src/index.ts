export { kubectlPath, kubectlVersions, type KubectlPin } from './kubectl.js';
