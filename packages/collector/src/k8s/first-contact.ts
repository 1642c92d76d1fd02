import { ApiError, isTlsError } from './api-error.js';
import type { KubeClient } from './client.js';
import { ConfigError } from './kubeconfig.js';

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'Timeout',
]);

/**
 * The first request, GET /version, decides whether there is a cluster to collect from at
 * all. Unreachable, untrusted certificate, rejected credentials: a ConfigError with one line
 * (what, where, expected, got) and no bundle, since it would hold nothing. Anything else
 * (a 403 on /version, say) is left to the collectors to record.
 */
export async function firstContact(
  client: KubeClient,
): Promise<{ version: unknown } | { error: ApiError }> {
  const c = client.connection;
  const where = `${c.server} (${c.source}${c.context ? `, context "${c.context}"` : ''})`;
  try {
    return { version: await client.getJson('/version') };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (isTlsError(error)) {
      throw new ConfigError(
        `the Kubernetes API server ${where} presented a certificate that is not trusted: ${error.message} (${error.code}); expected one signed by the cluster CA in the kubeconfig`,
      );
    }
    if (error.httpStatus === 401) {
      throw new ConfigError(
        `the Kubernetes API server ${where} rejected the credentials${c.user ? ` of user "${c.user}"` : ''} (401 Unauthorized): the token has expired or is not valid; expected current credentials (refresh the kubeconfig, e.g. with your cloud's get-credentials command)`,
      );
    }
    if (error.httpStatus === undefined && unreachableCodes.has(error.code)) {
      throw new ConfigError(
        `cannot reach the Kubernetes API server ${where}: ${error.message}; expected an API server answering there (check the context, VPN or firewall)`,
      );
    }
    return { error };
  }
}
