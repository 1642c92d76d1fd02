import { secretsMetadataPath } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import { secretKind, type K8sEnv } from './env.js';
import { errorRecord } from './errors.js';
import { secretMetadataFile } from './secret-metadata.js';

/**
 * Secret metadata of the Studio namespace: names, types, key names and value sizes. The
 * listed Secrets (with values) stay in this process; only the metadata is written.
 */
export const secrets: Collector<K8sEnv> = {
  id: 'secrets',
  description: 'secret metadata only: names, types, key names and value sizes',
  async collect(ctx) {
    const namespace = ctx.env.options.namespace;
    const path = secretsMetadataPath(namespace);
    let list;
    try {
      list = await ctx.env.list(secretKind.dir, namespace);
    } catch (error) {
      ctx.error(errorRecord(error, { path, resource: 'secrets' }));
      return;
    }
    await ctx.writeJson(path, secretMetadataFile(namespace, list.items));
  },
};
