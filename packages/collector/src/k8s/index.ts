export { ApiError } from './api-error.js';
export {
  KubeClient,
  collectionPath,
  type ClientOptions,
  type ClientStats,
  type KubeList,
  type KubeObject,
  type LogStream,
} from './client.js';
export { formatDuration, parseDuration } from './duration.js';
export { firstContact } from './first-contact.js';
export {
  ConfigError,
  resolveConnection,
  type Connection,
  type ResolveOptions,
} from './kubeconfig.js';
export { Limiter, mapLimit } from './limiter.js';
