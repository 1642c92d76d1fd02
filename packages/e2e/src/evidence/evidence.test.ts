import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citedGroupNames, fill, generatedGroupNames, listEvidence, placeholders } from './index.js';

const items = listEvidence();
const byId = new Map(items.map(({ id, item }) => [id, item]));

describe('evidence corpus', () => {
  it.each(items)('$id has text, a faithful template and a source', ({ item }) => {
    expect(item.text.trim()).not.toBe('');
    expect(fill(item)).toBe(item.text);
    expect([...placeholders(item.template)].sort()).toEqual(Object.keys(item.values).sort());
    const { source } = item;
    if (source.kind === 'generated') {
      for (const field of [source.program, source.version, source.command, source.setup]) {
        expect(field.trim()).not.toBe('');
      }
    } else {
      expect(source.url).toMatch(/^https:\/\/[^\s]+$/);
      expect(['issue', 'bundle', 'source']).toContain(source.quote);
      expect(source.note.trim()).not.toBe('');
    }
  });

  it('says which versions each variant is for', () => {
    const variants = items.filter(({ id }) => id.includes('#'));
    expect(variants.length).toBeGreaterThan(20);
    for (const { id, item } of variants) {
      expect(item.source.appliesTo, id).toBeTruthy();
    }
  });

  it('keeps no run-specific temp path in a template and no capture password anywhere', () => {
    const passwords = ['studio-password', 'redis-password', 'postgres-password', 'wrong-password'];
    for (const { id, item } of items) {
      expect(item.template, id).not.toMatch(/\/tmp\/evidence-/);
      const everything = JSON.stringify(item);
      for (const password of passwords) expect(everything, id).not.toContain(password);
    }
  });

  it('keeps generated and cited groups apart', () => {
    expect(generatedGroupNames.filter((g) => citedGroupNames.includes(g))).toEqual([]);
    expect(generatedGroupNames.length).toBeGreaterThan(10);
  });

  it('documents every group in the README', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    for (const group of [...generatedGroupNames, ...citedGroupNames]) {
      expect(readme, group).toContain(`\`${group}\``);
    }
  });

  // The wording rules and fixtures rely on: a regeneration that loses one of these fails here.
  it.each([
    [
      'nginx.connectRefused',
      'connect() failed (111: Connection refused) while connecting to upstream',
    ],
    ['nginx.noLiveUpstreams', 'no live upstreams while connecting to upstream'],
    [
      'nginx.upstreamPrematurelyClosed',
      'upstream prematurely closed connection while reading response header from upstream',
    ],
    [
      'nginx.upstreamTimedOut',
      'upstream timed out (110: Connection timed out) while reading response header from upstream',
    ],
    ['nginx.hostNotFound', 'could not be resolved (3: Host not found)'],
    ['nginx.serverFailure', 'could not be resolved (2: Server failure)'],
    [
      'nginx.upstreamTooBigHeader',
      'upstream sent too big header while reading response header from upstream',
    ],
    ['nginx.upstreamNoValidHeader', 'upstream sent no valid HTTP/1.0 header'],
    ['nginx.sslHandshakeToUpstream', 'SSL_do_handshake() failed'],
    ['nginxAccess.badGatewayRefused', '" 502 '],
    ['nginxAccess.gatewayTimeout', '" 504 '],
    ['nginxTest.ok', 'test is successful'],
    ['nginxTest.unknownDirective', 'test failed'],
    ['guideDatabaseCheck.connectionRefused', 'Database connection failed: connection to server at'],
    ['psycopg2.hostNameNotKnown', 'could not translate host name'],
    ['psycopg2.timeoutExpired', 'timeout expired'],
    ['psycopg2.passwordAuthFailed', 'password authentication failed for user'],
    ['psycopg2.tooManyClients', 'sorry, too many clients already'],
    ['psycopg2.reservedSlots', 'remaining connection slots are reserved'],
    [
      'sqlalchemy.connectionRefused',
      'sqlalchemy.exc.OperationalError: (psycopg2.OperationalError)',
    ],
    ['redisPy.connectionRefused', 'Error 111 connecting to'],
    ['redisPy.connectTimeout', 'Timeout connecting to server'],
    ['redisCli.noAuth', 'NOAUTH Authentication required'],
    ['redisPy.wrongPass', 'WRONGPASS invalid username-password pair'],
    ['guideRedisCheck.connectionRefused', 'Redis connection failed: '],
    ['gunicorn.workerTimeout', '[CRITICAL] WORKER TIMEOUT (pid:'],
    ['gunicorn.workerFailedToBootKeyError', 'Reason: Worker failed to boot.'],
    ['gunicorn.started', 'Listening at: http://'],
    ['python.keyErrorDatabaseUrl', "KeyError: 'DATABASE_URL'"],
    [
      'dockerCli.daemonDown',
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    ],
    ['dockerPs.backendExited', 'Exited (1) 3 minutes ago'],
    ['dockerPs.backendRestarting', 'Restarting (1) 5 seconds ago'],
    ['dockerPs.backendUnhealthy', 'Up 2 hours (unhealthy)'],
    ['disk.dfFull', '100%'],
    ['disk.ddNoSpace', 'No space left on device'],
    ['kubelet.pullUnauthorized', '401 Unauthorized'],
    ['kubelet.pullNotFound', 'not found'],
    ['kubelet.pullIoTimeout', 'i/o timeout'],
    ['kubelet.backOffRestarting', 'Back-off restarting failed container'],
    ['kubelet.readinessProbe503', 'Readiness probe failed: HTTP probe failed with statuscode: 503'],
    ['kubelet.secretNotFound', 'Error: secret "'],
    ['scheduler.insufficientMemory', 'Insufficient memory.'],
    ['scheduler.untoleratedTaint', 'untolerated taint'],
    ['systemd.statusFailed', 'Active: failed (Result: exit-code)'],
    ['systemd.mainProcessExited', 'Main process exited, code=exited, status=1/FAILURE'],
    ['kernel.oomKilledProcess', 'Out of memory: Killed process'],
    ['ingressNginxController.serviceNotFound', 'Error obtaining Endpoints for Service'],
  ])('%s still says "%s"', (id, phrase) => {
    expect(byId.get(id)?.text, id).toContain(phrase);
  });
});

describe('fill', () => {
  const line = { template: 'at {time} {{pid}} {host} {host}', values: { time: 't0', host: 'h' } };

  it('uses the captured values unless overridden, and keeps literal braces', () => {
    expect(fill(line)).toBe('at t0 {pid} h h');
    expect(fill(line, { host: '10.42.0.15' })).toBe('at t0 {pid} 10.42.0.15 10.42.0.15');
  });

  it('rejects an override the template does not have', () => {
    expect(() => fill(line, { port: '1' })).toThrow(
      'fill: template has no {port} (it has: time, host)',
    );
  });

  it('rejects a placeholder without a value and a stray brace', () => {
    expect(() => fill({ template: '{missing}', values: {} })).toThrow(
      'fill: no value for {missing}',
    );
    expect(() => fill({ template: 'a } b', values: {} })).toThrow('fill: stray "}" in template');
  });
});
