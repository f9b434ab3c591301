/** What the orchestrator and a Node viewer process (process.ts) say over IPC. */
import type { Rendition } from '../media.ts';
import type { ViewerPlan, ViewerReport, ViewerSetup } from '../shared/viewer.ts';

export type ToViewers =
  | {
      type: 'start';
      setup: ViewerSetup;
      plans: ViewerPlan[];
      /** The rendition the playlist URL plays. */
      rendition: Rendition;
      mediaRoot: string;
    }
  | { type: 'stop' };

export type FromViewers =
  | { type: 'ready' }
  /** Every viewer's report, and the viewers that failed to start or stop, with why. */
  | { type: 'reports'; reports: ViewerReport[]; failures: string[] };
