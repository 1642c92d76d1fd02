import {
  hostCertificatesPath,
  type Certificate,
  type CertificatesFile,
  type Reference,
} from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import type { HostEnv } from './env.js';
import { fileErrorMessage, readErrorCode, readSmallFile } from './files.js';
import { certificateReferences } from './nginx-config.js';
import { parsePemChain } from '../k8s/parse-certificates.js';

export const certificates: Collector<HostEnv> = {
  id: 'host-certificates',
  description: 'the certificates nginx serves (ssl_certificate): subject, SANs, dates, chain',
  async collect(ctx) {
    const config = await ctx.env.nginxConfig();
    const refs = certificateReferences(config.directives);
    if (refs.length === 0) {
      // The nginx collector reports an unreadable configuration; here it is just absent.
      ctx.skip(
        config.files.length === 0
          ? 'the nginx configuration could not be read'
          : 'no ssl_certificate in the nginx configuration',
      );
      return;
    }
    const items: Certificate[] = [];
    const references: Reference[] = [];
    const errors: NonNullable<CertificatesFile['errors']> = [];
    for (const { file, hosts } of refs) {
      if (file.includes('$') || !file.startsWith('/')) {
        // Chosen per request ($ssl_server_name) or relative to a prefix we cannot know.
        references.push({ file, hosts, found: false });
        errors.push({ source: file, message: 'not a fixed absolute path; not read' });
        continue;
      }
      const read = await readSmallFile(ctx.env.executor, file, ctx.env.settings);
      if (read.exitCode !== 0) {
        const code = readErrorCode(read);
        const message = fileErrorMessage(file, read, ctx.env.executor.sudo);
        errors.push({ source: file, message });
        if (code === 'FileMissing') {
          // What the host is like (nginx would not even start): evidence, not a failure.
          references.push({ file, hosts, found: false });
        } else {
          references.push({ file, hosts });
          ctx.error({ message, code, path: hostCertificatesPath });
        }
        continue;
      }
      references.push({ file, hosts, found: true });
      const { certificates: chain, error } = parsePemChain(read.stdoutHead.toString('latin1'));
      if (error) errors.push({ source: file, message: error });
      for (const facts of chain) {
        // The hosts are those served with the leaf; the rest of the chain serves no name.
        const served = facts.chainPosition === 0 && hosts.length > 0 ? { hosts } : {};
        items.push({ source: file, file, ...facts, ...served });
      }
    }
    await ctx.writeJson(hostCertificatesPath, {
      items,
      references,
      ...(errors.length > 0 ? { errors } : {}),
    } satisfies CertificatesFile);
  },
};
