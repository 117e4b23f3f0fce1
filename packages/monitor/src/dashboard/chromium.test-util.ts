import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium for the browser tests (`apt-get install chromium`; `.ci/run` installs it), or
 * another build named by `CHROMIUM_PATH`. Off CI a missing browser skips the tests with this reason;
 * under CI (`CI` set) the tests run anyway and fail at launch, so a broken setup cannot pass.
 */
export function findChromium(): { path: string; skip: false } | { path: string; skip: true; reason: string } {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return { path, skip: false };
  if (process.env.CI) return { path, skip: false };
  return {
    path,
    skip: true,
    reason: `no Chromium at ${path} — install Debian's (apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH`,
  };
}

/**
 * Launches Chromium headless with the flags this offline machine needs (no sandbox as root, no GPU,
 * and none of Chromium's own background connections, which the closed network refuses). Playwright
 * gives every launch a fresh temporary profile.
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Collects the page's uncaught errors and console errors, so a test can require there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/** Saves a full-page screenshot in a fresh folder under the OS temp dir; returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'lockstep-dashboard-')), name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
