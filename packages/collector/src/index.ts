export { main } from './cli.js';
export { ConfigError, resolveConnection, type Connection } from './k8s/kubeconfig.js';
