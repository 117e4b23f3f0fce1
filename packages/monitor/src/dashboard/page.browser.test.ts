import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Feed } from '../feed.js';
import { findChromium, launchChromium, pageErrors, saveScreenshot } from './chromium.test-util.js';
import { sampleSnapshot, UPGRADE_ID } from './sample-snapshot.test-util.js';
import { type Dashboard, startDashboard } from './server.js';

const browserFound = findChromium();
if (browserFound.skip) console.warn(`dashboard browser tests skipped: ${browserFound.reason}`);

describe.skipIf(browserFound.skip)(
  browserFound.skip ? `dashboard in Chromium (skipped: ${browserFound.reason})` : 'dashboard in Chromium',
  () => {
    let browser: Browser;
    let dashboard: Dashboard;
    const feed = new Feed(sampleSnapshot({ stepSeconds: 40 }));

    beforeAll(async () => {
      browser = await launchChromium(browserFound.path);
      dashboard = await startDashboard({ feed });
    });
    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
    });

    it('redraws the matrix, chains, canaries, alerts and timeline when the feed publishes, without a reload', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = pageErrors(page);
      await page.goto(dashboard.url);
      const polygon = page.locator(`tr[data-proposal="${UPGRADE_ID}"] td[data-chain="polygon"]`);
      await expect.poll(() => polygon.getAttribute('data-stage'), { timeout: 15_000 }).toBe('dispatched');
      await expect.poll(() => page.locator('#connection').textContent(), { timeout: 15_000 }).toBe('live');
      expect(await page.locator(`.timeline[data-proposal="${UPGRADE_ID}"] svg`).count()).toBe(1);
      expect(await page.locator('tr[data-chain="polygon"]').getAttribute('data-status')).toBe('ok');
      const canary = (chain: string) => page.locator(`tr[data-chain="${chain}"] td.canary`);
      expect(await canary('arbitrum').textContent()).toBe('14s 10m 26s ago');
      expect(await canary('ethereum').getAttribute('data-latency')).toBe('2');
      expect(await canary('polygon').textContent()).toBe('—');
      const guardian = page.locator('tr[data-signer-set="guardian"]');
      expect(await guardian.getAttribute('data-consistent')).toBe('false');
      expect(await guardian.locator('td.differs').allTextContents()).toEqual(['0x1111…1111']);
      expect(await page.locator('#alerts .cleared li').count()).toBe(0);
      // A marker that a reload would wipe.
      await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

      const next = sampleSnapshot({ stepSeconds: 120, polygonHalted: true });
      const [drift] = next.alerts.splice(0, 1);
      if (!drift) throw new Error('the sample has a signer-set drift alert');
      feed.publish({
        type: 'alert',
        transition: { type: 'cleared', alert: { ...drift, clearedAt: next.takenAt - 2 } },
      });
      feed.publish({ type: 'snapshot', snapshot: next });

      await expect.poll(() => polygon.getAttribute('data-stage'), { timeout: 15_000 }).toBe('attested');
      expect(await polygon.textContent()).toContain('for 1m 10s');
      expect(await page.locator('tr[data-chain="polygon"]').getAttribute('data-status')).toBe('halted');
      expect(await canary('polygon').textContent()).toBe('45s 1m 05s ago');
      expect(await canary('arbitrum').textContent()).toBe('14s 11m 46s ago');
      expect(await page.locator('#alerts li[data-alert="chain-halted:polygon"]').textContent()).toContain('critical');
      expect(await page.locator('#alerts .cleared li').allTextContents()).toEqual([
        expect.stringMatching(/^warningsigner-set-driftpolygon.*cleared 2s ago after 28s$/),
      ]);
      const timeline = page.locator(`.timeline[data-proposal="${UPGRADE_ID}"]`);
      expect(await timeline.locator('svg').textContent()).toContain('activation');
      expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(errors).toEqual([]);

      const file = await saveScreenshot(page, 'dashboard-live.png');
      console.log(`dashboard screenshot: ${file}`);
      const png = await readFile(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(20_000);
    });
  },
);
