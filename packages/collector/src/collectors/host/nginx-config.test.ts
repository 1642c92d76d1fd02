import { describe, expect, it } from 'vitest';
import { certificateReferences, nginxLogFiles, parseNginxConfig } from './nginx-config.js';

// A Debian-style layout: nginx.conf includes conf.d/*.conf and sites-enabled/*; a disabled
// site sits in sites-available/ only; an SSL snippet is included inside a server block.
const files = new Map<string, string>([
  [
    '/etc/nginx/nginx.conf',
    `user www-data;
error_log /var/log/nginx/error.log warn;
http {
    access_log /var/log/nginx/access.log;   # the default log
    include /etc/nginx/conf.d/*.conf;
    include sites-enabled/*;
}
`,
  ],
  ['/etc/nginx/conf.d/gzip.conf', 'gzip on;\n'],
  [
    '/etc/nginx/sites-enabled/studio',
    `server {
    listen 443 ssl;
    server_name studio.example.com "studio.internal";
    include snippets/ssl.conf;
    access_log /var/log/nginx/studio.access.log combined;
    error_log syslog:server=unix:/dev/log;
    location / { proxy_pass http://127.0.0.1:8000; }
}
server {
    listen 80 default_server;
    server_name _;
    access_log off;
    ssl_certificate /etc/ssl/$ssl_server_name.crt;
}
`,
  ],
  [
    '/etc/nginx/snippets/ssl.conf',
    "ssl_certificate '/etc/letsencrypt/live/studio/fullchain.pem';\nssl_certificate_key /etc/letsencrypt/live/studio/privkey.pem;\n",
  ],
  [
    '/etc/nginx/sites-available/old',
    'server { server_name old.example.com; ssl_certificate /etc/ssl/old.pem; access_log /var/log/old.log; }\n',
  ],
]);

describe('nginx configuration', () => {
  const directives = parseNginxConfig('/etc/nginx/nginx.conf', files);

  it('follows includes (globs, relative to nginx.conf) and nothing else', () => {
    expect([...new Set(directives.map((d) => d.file))].sort()).toEqual([
      '/etc/nginx/conf.d/gzip.conf',
      '/etc/nginx/nginx.conf',
      '/etc/nginx/sites-enabled/studio',
      '/etc/nginx/snippets/ssl.conf',
    ]);
    expect(directives.find((d) => d.name === 'gzip')).toMatchObject({ args: ['on'], line: 1 });
    expect(directives.find((d) => d.name === 'access_log')).toMatchObject({
      file: '/etc/nginx/nginx.conf',
      line: 4,
      args: ['/var/log/nginx/access.log'],
    });
  });

  it('finds the log files nginx writes, not syslog, off or disabled sites', () => {
    expect(nginxLogFiles(directives)).toEqual([
      '/var/log/nginx/access.log',
      '/var/log/nginx/error.log',
      '/var/log/nginx/studio.access.log',
    ]);
  });

  it('ties each ssl_certificate (quoted, or from an included snippet) to its server_names', () => {
    expect(certificateReferences(directives)).toEqual([
      {
        file: '/etc/letsencrypt/live/studio/fullchain.pem',
        hosts: ['studio.example.com', 'studio.internal'],
      },
      { file: '/etc/ssl/$ssl_server_name.crt', hosts: [] },
    ]);
  });

  it('survives an include loop and files it cannot read', () => {
    const loop = new Map([
      ['/n/nginx.conf', 'include a.conf;\ninclude missing.conf;\n'],
      ['/n/a.conf', 'include nginx.conf;\nworker_processes 1;\n'],
    ]);
    expect(parseNginxConfig('/n/nginx.conf', loop).map((d) => d.name)).toEqual([
      'worker_processes',
    ]);
  });
});
