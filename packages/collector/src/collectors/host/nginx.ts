import { hostFilePath } from '@studio-support/schema';
import type { Collector } from '../../bundle/index.js';
import { runCommand } from './command.js';
import { defaultNginxConf, type HostEnv } from './env.js';
import { collectFileTail, fileErrorMessage, readErrorCode } from './files.js';
import { nginxLogFiles } from './nginx-config.js';

/** Where Debian's and Ubuntu's nginx logs are when the configuration names none. */
export const defaultNginxLogs = ['/var/log/nginx/access.log', '/var/log/nginx/error.log'];

export const nginx: Collector<HostEnv> = {
  id: 'host-nginx',
  description: 'nginx -t, the nginx configuration (redacted), and the tails of its logs',
  async collect(ctx) {
    const { settings, executor } = ctx.env;
    const conf = settings.nginxConf;
    await runCommand(ctx, {
      id: 'nginx-t',
      argv: conf === defaultNginxConf ? ['nginx', '-t'] : ['nginx', '-t', '-c', conf],
      // nginx -t reports on stderr only.
      mergeStderr: true,
    });

    const config = await ctx.env.nginxConfig();
    if (config.files.length === 0) {
      ctx.error({
        message: `${config.dir}: cannot list the nginx configuration: ${
          config.listing.failure ?? (config.listing.stderrHead.trim().split('\n')[0] || 'no files')
        }`,
        code: readErrorCode(config.listing),
        path: hostFilePath(conf),
      });
    }
    for (const file of config.files) {
      const path = hostFilePath(file.path);
      if (file.content === undefined) {
        ctx.error({
          message: fileErrorMessage(file.path, file.read, executor.sudo),
          code: readErrorCode(file.read),
          path,
        });
        continue;
      }
      await ctx.writeText(path, file.content.toString('utf8'));
      if (file.size > file.content.length) {
        ctx.record.truncate({
          path,
          keptBytes: file.content.length,
          droppedBytes: file.size - file.content.length,
        });
      }
    }

    const named = nginxLogFiles(config.directives);
    for (const log of named.length > 0 ? named : defaultNginxLogs) {
      await collectFileTail(ctx, log, settings.logTailBytes);
    }
  },
};
