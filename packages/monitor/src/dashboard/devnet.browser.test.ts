import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Alerting, startAlerting } from '../alerts/index.js';
import { Monitor } from '../monitor.js';
import { openMemoryStore } from '../store/pglite-template.test-util.js';
import type { MonitorStore } from '../store/types.js';
import { chainsFromDeployments } from '../watch/from-deployments.js';
import { findChromium, launchChromium, pageErrors, saveScreenshot } from './chromium.test-util.js';
import { proposeVaultUpgrade, startUpgradeDevnet, type UpgradeDevnet } from './devnet-upgrade.test-util.js';
import { type Dashboard, startDashboard } from './server.js';

const browserFound = findChromium();
if (browserFound.skip) console.warn(`dashboard devnet browser test skipped: ${browserFound.reason}`);

/** The first run in a clean tree compiles the deploy script with solc-js. */
const SETUP_TIMEOUT = 300_000;
/** Eleven CLI runs on a loaded 2-core machine. */
const FLOW_TIMEOUT = 480_000;
const STEP_TIMEOUT = 60_000;

describe.skipIf(browserFound.skip)(
  browserFound.skip ? `dashboard over a devnet (skipped: ${browserFound.reason})` : 'dashboard over a devnet',
  () => {
    let devnet: UpgradeDevnet | undefined;
    let store: MonitorStore | undefined;
    let monitor: Monitor | undefined;
    let alerting: Alerting | undefined;
    let dashboard: Dashboard | undefined;
    let browser: Browser | undefined;
    /** The devnet runs ahead of the wall clock once advanced; the monitor's clock follows it. */
    let offset = 0;
    const monitorErrors: unknown[] = [];

    beforeAll(async () => {
      devnet = await startUpgradeDevnet('monitor-dashboard-');
      store = await openMemoryStore();
      const chains = await chainsFromDeployments({ networks: devnet.config.networks, rpcUrls: devnet.rpcUrls });
      const running = new Monitor({
        store,
        chains,
        pollIntervalMs: 500,
        clock: () => Math.floor(Date.now() / 1000) + offset,
        onError: (error) => monitorErrors.push(error),
      });
      monitor = running;
      const quiet = { info: () => {}, warn: () => {}, error: (line: string) => monitorErrors.push(line) };
      alerting = startAlerting({
        feed: running,
        ledger: store,
        config: devnet.config,
        logger: quiet,
        onTransition: (transition) => running.publish({ type: 'alert', transition }),
      });
      running.start();
      dashboard = await startDashboard({ feed: running });
      browser = await launchChromium(browserFound.path);
    }, SETUP_TIMEOUT);

    afterAll(async () => {
      await browser?.close();
      await dashboard?.close();
      await monitor?.stop();
      await alerting?.stop();
      await store?.close();
      await devnet?.stop();
    });

    it(
      'shows an upgrade reach every stage on every chain, then a halted chain, live in one page',
      async () => {
        if (!devnet || !dashboard || !browser) throw new Error('set up in beforeAll');
        const chain = devnet;
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const errors = pageErrors(page);
        await page.goto(dashboard.url);
        await expect.poll(() => page.locator('#chains tr[data-chain]').count(), { timeout: STEP_TIMEOUT }).toBe(3);
        await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

        const id = await proposeVaultUpgrade(chain);
        const row = page.locator(`#matrix tr[data-proposal="${id}"]`);
        await stagesBecome(row, 'proposed');
        // Six members approve at once (each from its own account, as they would).
        await Promise.all(
          ['0', '1', '2', '3', '4', '5'].map((member) =>
            chain.lockstep('approve', '--proposal', id, '--member', member, '--yes'),
          ),
        );
        await stagesBecome(row, 'approved');
        await chain.lockstep('execute', '--proposal', id);
        await stagesBecome(row, 'in-timelock');
        offset = (await chain.advance(48 * 3600)) - Math.floor(Date.now() / 1000);
        await chain.lockstep('execute', '--proposal', id);
        await stagesBecome(row, 'dispatched');
        await chain.lockstep('relay', '--local-guardians', '--once');
        await stagesBecome(row, 'queued');
        offset = (await chain.advance(2 * 3600)) - Math.floor(Date.now() / 1000);
        await chain.lockstep('execute-ready');
        await stagesBecome(row, 'executed');
        const timeline = page.locator(`#timelines .timeline[data-proposal="${id}"]`);
        expect(await timeline.locator('svg').textContent()).toContain('activation');
        console.log(`dashboard screenshot (upgrade executed): ${await saveScreenshot(page, 'upgrade-executed.png')}`);

        await chain.halt('optimism');
        const optimism = page.locator('#chains tr[data-chain="optimism"]');
        await expect.poll(() => optimism.getAttribute('data-status'), { timeout: STEP_TIMEOUT }).toBe('halted');
        await expect
          .poll(() => page.locator('#alerts li[data-alert="chain-halted:optimism"]').count(), { timeout: STEP_TIMEOUT })
          .toBe(1);
        expect(await page.locator('#chains tr[data-chain="arbitrum"]').getAttribute('data-status')).toBe('ok');
        console.log(`dashboard screenshot (optimism halted): ${await saveScreenshot(page, 'chain-halted.png')}`);

        expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
        expect(errors).toEqual([]);
        expect(monitorErrors).toEqual([]);
      },
      FLOW_TIMEOUT,
    );
  },
);

/** Waits until the proposal's cell on every chain shows `stage`. */
async function stagesBecome(row: Locator, stage: string): Promise<void> {
  const stages = () =>
    row.locator('td[data-chain]').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-stage')));
  await expect.poll(stages, { timeout: STEP_TIMEOUT }).toEqual([stage, stage, stage]);
}
