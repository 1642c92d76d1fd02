export { main } from './cli.js';
export { ConfigError, resolveConnection, type Connection } from './k8s/kubeconfig.js';
export { k8sCollectors } from './collectors/k8s/index.js';
export {
  backendChecks,
  guideDatabaseCheck,
  guideRedisCheck,
} from './collectors/k8s/exec-backend.js';
export { frontendChecks } from './collectors/k8s/exec-frontend.js';
export { prometheusQueries } from './collectors/k8s/prometheus-alerts.js';
