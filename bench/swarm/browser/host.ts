/**
 * The orchestrator's side of the browser viewers: one Chromium, one page per
 * viewer, opened when the viewer joins and closed when it leaves.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test/support/chromium.ts';
import type { ViewerPlan, ViewerReport, ViewerSetup } from '../shared/viewer.ts';
import type { BenchPage } from './page.ts';
import { startPageServer, type PageServer } from './page-server.ts';

const START_TIMEOUT_MS = 30_000;

interface Present {
  readonly page: Page;
  /** Uncaught page errors, added to the report's errors. */
  readonly pageErrors: string[];
}

export class BrowserViewers {
  readonly #browser: Browser;
  readonly #server: PageServer;
  readonly #setup: ViewerSetup;
  readonly #present = new Map<string, Present>();
  readonly #reports: ViewerReport[] = [];

  private constructor(browser: Browser, server: PageServer, setup: ViewerSetup) {
    this.#browser = browser;
    this.#server = server;
    this.#setup = setup;
  }

  static async start(setup: ViewerSetup): Promise<BrowserViewers> {
    const server = await startPageServer();
    const browser = await launchChromium().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    return new BrowserViewers(browser, server, setup);
  }

  async join(plan: ViewerPlan): Promise<void> {
    const page = await this.#browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`page: ${error.message}`));
    this.#present.set(plan.id, { page, pageErrors });
    await page.goto(this.#server.pageUrl(this.#setup.sdk, plan.uplinkBytesPerSecond), {
      timeout: START_TIMEOUT_MS,
    });
    const setup = this.#setup;
    await page.evaluate(
      ([setup, plan]) => {
        (window as unknown as { peerlaneBench: BenchPage }).peerlaneBench.start(setup, plan);
      },
      [setup, plan] as const,
    );
  }

  async leave(id: string): Promise<void> {
    const present = this.#present.get(id);
    if (present === undefined) return;
    this.#present.delete(id);
    const { page, pageErrors } = present;
    const report = await page.evaluate(() =>
      (window as unknown as { peerlaneBench: BenchPage }).peerlaneBench.stop(),
    );
    const errors = { ...report.errors };
    for (const error of pageErrors) errors[error] = (errors[error] ?? 0) + 1;
    this.#reports.push({ ...report, errors });
    await page.close();
  }

  /** Stops the viewers still there and closes Chromium; every viewer's report. */
  async stop(): Promise<ViewerReport[]> {
    await Promise.all([...this.#present.keys()].map((id) => this.leave(id)));
    return this.#reports;
  }

  async close(): Promise<void> {
    await this.#browser.close();
    await this.#server.close();
  }
}
