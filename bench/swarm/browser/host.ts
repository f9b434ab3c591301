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
  /** Settles once the page plays (or failed to start): a leave waits for it. */
  joined: Promise<unknown>;
}

export class BrowserViewers {
  readonly #browser: Browser;
  readonly #server: PageServer;
  readonly #setup: ViewerSetup;
  readonly #present = new Map<string, Present>();
  readonly #reports: ViewerReport[] = [];
  readonly #failures: string[] = [];

  private constructor(browser: Browser, server: PageServer, setup: ViewerSetup) {
    this.#browser = browser;
    this.#server = server;
    this.#setup = setup;
  }

  /** Viewers that failed to join or to report, and why. */
  get failures(): readonly string[] {
    return this.#failures;
  }

  static async start(setup: ViewerSetup): Promise<BrowserViewers> {
    const server = await startPageServer();
    const browser = await launchChromium().catch(async (error: unknown) => {
      await server.close();
      throw error;
    });
    return new BrowserViewers(browser, server, setup);
  }

  /** Opens the viewer's page and starts playing; a failure is kept in `failures`. */
  async join(plan: ViewerPlan): Promise<void> {
    const page = await this.#browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(`page: ${error.message}`));
    const present: Present = { page, pageErrors, joined: Promise.resolve() };
    this.#present.set(plan.id, present);
    const url = this.#server.pageUrl(this.#setup.sdk, plan.uplinkBytesPerSecond);
    const setup = this.#setup;
    present.joined = page
      .goto(url, { timeout: START_TIMEOUT_MS })
      .then(() =>
        page.evaluate(
          ([setup, plan]) => {
            (window as unknown as { peerlaneBench: BenchPage }).peerlaneBench.start(setup, plan);
          },
          [setup, plan] as const,
        ),
      )
      .catch((error: unknown) => {
        this.#failures.push(`join ${plan.id}: ${String(error)}`);
        throw error;
      });
    await present.joined;
  }

  /** Stops the viewer's playback, keeps its report and closes its page. */
  async leave(id: string): Promise<void> {
    const present = this.#present.get(id);
    if (present === undefined) return;
    this.#present.delete(id);
    const { page, pageErrors } = present;
    try {
      await present.joined;
      const report = await page.evaluate(() =>
        (window as unknown as { peerlaneBench: BenchPage }).peerlaneBench.stop(),
      );
      const errors = { ...report.errors };
      for (const error of pageErrors) errors[error] = (errors[error] ?? 0) + 1;
      this.#reports.push({ ...report, errors });
    } catch (error) {
      if (!this.#failures.some((f) => f.startsWith(`join ${id}:`))) {
        this.#failures.push(`leave ${id}: ${String(error)}`);
      }
    } finally {
      await page.close().catch(() => undefined);
    }
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
