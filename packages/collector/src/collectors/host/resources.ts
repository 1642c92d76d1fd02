import { commandCollector } from './declarative.js';

export const resources = commandCollector({
  id: 'host-resources',
  description: 'disk space (df), memory (free) and load (uptime)',
  commands: () => [
    { id: 'df', argv: ['df', '-h'] },
    { id: 'free', argv: ['free', '-m'] },
    { id: 'uptime', argv: ['uptime'] },
  ],
});
