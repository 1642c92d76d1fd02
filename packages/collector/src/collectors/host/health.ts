import { commandCollector } from './declarative.js';

/** Each probe's own deadline, well inside the command's. */
const curlMaxSeconds = 10;

export const health = commandCollector({
  id: 'host-health',
  description: "the backend's /health, /health/ready and /health/live, asked on the host with curl",
  commands: ({ healthUrl }) =>
    (
      [
        ['curl-health', '/health'],
        ['curl-health-ready', '/health/ready'],
        ['curl-health-live', '/health/live'],
      ] as const
    ).map(([id, path]) => ({
      id,
      // -i: the status line and headers are the evidence; -sS: no progress bar, but errors.
      argv: [
        'curl',
        '-sS',
        '-i',
        '--max-time',
        String(curlMaxSeconds),
        `${healthUrl.replace(/\/+$/, '')}${path}`,
      ],
    })),
});
