import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium, installed by scripts/install-system-deps.sh (.ci/run runs it). */
export const chromiumPath = '/usr/bin/chromium';

/**
 * As root on a closed network (../shared/TESTING.md): no sandbox, no GPU, and none of
 * Chromium's own connections (component updates, sync, QUIC probes), so every request a
 * page makes is the page's. Playwright gives each launch a fresh temporary profile.
 */
const flags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches Chromium; throws (a test fails, never skips) when it is missing. */
export async function launchChromium(): Promise<Browser> {
  try {
    await access(chromiumPath);
  } catch {
    throw new Error(
      `Chromium is missing at ${chromiumPath}: install Debian's chromium (bash scripts/install-system-deps.sh)`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args: flags, timeout: 60_000 });
}
