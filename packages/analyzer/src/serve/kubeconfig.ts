import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  server: string;
  caPem: string;
  token: string;
  namespace: string;
}

/** The context name in every kubeconfig serve writes. */
export const contextName = 'studio-bundle';

export function kubeconfigYaml({ server, caPem, token, namespace }: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: contextName,
        cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') },
      },
    ],
    users: [{ name: contextName, user: { token } }],
    contexts: [
      { name: contextName, context: { cluster: contextName, user: contextName, namespace } },
    ],
    'current-context': contextName,
  });
}

/** Written owner-only: it holds the bearer token. */
export async function writeKubeconfig(path: string, input: KubeconfigInput): Promise<void> {
  await writeFile(path, kubeconfigYaml(input), { mode: 0o600 });
}
