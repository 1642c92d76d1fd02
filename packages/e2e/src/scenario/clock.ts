/**
 * Scenario times are relative to "now", so a served tree looks fresh when it is collected
 * (AGE 12m, "3 (40s ago)") and a collected bundle's collectedAt falls after every event.
 */
export class Clock {
  constructor(readonly now: Date = new Date()) {}

  /** RFC 3339 in whole seconds, as the API server writes metav1.Time. */
  ago(seconds: number): string {
    return new Date(this.now.getTime() - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** Microsecond precision, as metav1.MicroTime (eventTime) is written. */
  agoMicro(seconds: number): string {
    return new Date(this.now.getTime() - seconds * 1000).toISOString().replace(/Z$/, '000Z');
  }

  /** gunicorn's log timestamp: [%Y-%m-%d %H:%M:%S %z] in UTC. */
  gunicorn(seconds: number): string {
    return `[${this.ago(seconds).replace('T', ' ').replace('Z', '')} +0000]`;
  }

  /** PostgreSQL's log_line_prefix default: %m (milliseconds) UTC. */
  postgres(seconds: number): string {
    return new Date(this.now.getTime() - seconds * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', ' UTC');
  }

  /** nginx error_log: 2026/11/25 11:54:24 */
  nginxError(seconds: number): string {
    return this.ago(seconds).replace(/-/g, '/').replace('T', ' ').replace('Z', '');
  }
}
