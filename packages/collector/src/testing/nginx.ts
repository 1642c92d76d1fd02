import { spawn } from 'node:child_process';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, run, sharedTempDir, waitFor } from './system.js';

export interface Nginx {
  /** The directory standing in for /etc/nginx (collected with --nginx-conf). */
  confDir: string;
  confPath: string;
  errorLog: string;
  accessLog: string;
  /** The fullchain file named by ssl_certificate (leaf, then the CA). */
  certificate: string;
  httpPort: number;
  /** A bearer token written into the config: must never reach a bundle. */
  secretToken: string;
  /** GET through nginx to the (down) upstream: answers 502 and logs a real connect() error. */
  request(path: string): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A real nginx on loopback high ports whose upstream (the Studio backend) is down, so its
 * error.log holds genuine `connect() failed (111: Connection refused)` lines for the
 * requests a test sends. Config, TLS files (a CA and a leaf signed by it, made with the
 * openssl CLI), logs and temp paths live in one temp dir; the logs directory is root-only
 * (0750), as /var/log/nginx is on Debian, so reading it over SSH needs --sudo.
 */
export async function startNginx(): Promise<Nginx> {
  const dir = await sharedTempDir('nginx-');
  const confDir = join(dir, 'etc-nginx');
  const sslDir = join(confDir, 'ssl');
  const logs = join(dir, 'logs');
  await mkdir(join(confDir, 'conf.d'), { recursive: true });
  await mkdir(sslDir);
  await mkdir(logs);
  await mkdir(join(dir, 'tmp'));

  const ca = join(sslDir, 'ca');
  const leaf = join(sslDir, 'studio');
  const openssl = (args: string[]) => run('openssl', args);
  await openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${ca}.key`,
    '-out',
    `${ca}.crt`,
    '-days',
    '365',
    '-subj',
    '/CN=Studio Test CA',
  ]);
  await openssl([
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${leaf}.key`,
    '-out',
    `${leaf}.csr`,
    '-subj',
    '/CN=studio.example.com',
  ]);
  const ext = join(sslDir, 'leaf.ext');
  await writeFile(
    ext,
    'subjectAltName=DNS:studio.example.com,DNS:localhost\nbasicConstraints=CA:FALSE\n',
  );
  await openssl([
    'x509',
    '-req',
    '-in',
    `${leaf}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${leaf}.crt`,
    '-days',
    '90',
    '-extfile',
    ext,
  ]);
  const { readFile } = await import('node:fs/promises');
  const certificate = join(sslDir, 'studio-fullchain.crt');
  await writeFile(
    certificate,
    (await readFile(`${leaf}.crt`, 'utf8')) + (await readFile(`${ca}.crt`, 'utf8')),
  );
  await rm(`${ca}.key`);
  await rm(`${leaf}.csr`);

  const secretToken = 'nginx-canary-token-7f3a9c2e41d8';
  const httpPort = await freePort();
  const httpsPort = await freePort();
  const upstreamPort = await freePort(); // nothing will listen here: the backend is down
  const errorLog = join(logs, 'error.log');
  const accessLog = join(logs, 'access.log');
  const confPath = join(confDir, 'nginx.conf');
  await writeFile(
    confPath,
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${errorLog};

events {
    worker_connections 64;
}

http {
    access_log ${accessLog};
    client_body_temp_path ${join(dir, 'tmp', 'client_body')};
    proxy_temp_path ${join(dir, 'tmp', 'proxy')};
    fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
    uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
    scgi_temp_path ${join(dir, 'tmp', 'scgi')};

    include ${join(confDir, 'conf.d')}/*.conf;
}
`,
  );
  await writeFile(
    join(confDir, 'conf.d', 'studio.conf'),
    `upstream studio_backend {
    server 127.0.0.1:${upstreamPort};
}

server {
    listen 127.0.0.1:${httpPort};
    server_name studio.example.com;

    location / {
        proxy_pass http://studio_backend;
        proxy_set_header Host $host;
    }
}

server {
    listen 127.0.0.1:${httpsPort} ssl;
    server_name studio.example.com localhost;
    ssl_certificate ${certificate};
    ssl_certificate_key ${leaf}.key;

    location / {
        proxy_pass http://studio_backend;
        proxy_set_header Authorization "Bearer ${secretToken}";
    }
}
`,
  );

  const args = ['-e', errorLog, '-p', `${dir}/`, '-c', confPath];
  await run('nginx', [...args, '-t', '-q']);
  const child = spawn('nginx', [...args, '-g', 'daemon off;'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const request = async (path: string): Promise<number> => {
    const res = await fetch(`http://127.0.0.1:${httpPort}${path}`, {
      signal: AbortSignal.timeout(5000),
    });
    await res.arrayBuffer();
    return res.status;
  };
  await waitFor(`nginx on port ${httpPort} (${stderr})`, () =>
    request('/').then(
      () => true,
      () => undefined,
    ),
  );
  await chmod(logs, 0o750);
  return {
    confDir,
    confPath,
    errorLog,
    accessLog,
    certificate,
    httpPort,
    secretToken,
    request,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
