import { clusterVersionPath } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import type { K8sEnv } from './env.js';
import { errorRecord } from './errors.js';

/**
 * GET /version, already asked as the first request (it decides whether we go on at all),
 * written in troubleshoot's shape ({info, string}) so its tools and ours read it alike.
 */
export const clusterVersion: Collector<K8sEnv> = {
  id: 'cluster-version',
  description: 'the API server version (/version)',
  async collect(ctx) {
    const answer = ctx.env.version;
    if ('error' in answer) {
      ctx.error(errorRecord(answer.error, { path: clusterVersionPath, resource: 'version' }));
      return;
    }
    const info = answer.version as { gitVersion?: unknown };
    await ctx.writeJson(clusterVersionPath, {
      info,
      string: typeof info?.gitVersion === 'string' ? info.gitVersion : '',
    });
  },
};
