/**
 * The orchestrator's side of the Node viewers: forks the viewer processes
 * (process.ts), deals the viewers out among them, and collects the reports and
 * the processes' CPU time.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpuSeconds } from '../../tracker/proc.ts';
import type { Rendition } from '../media.ts';
import type { ViewerPlan, ViewerReport, ViewerSetup } from '../shared/viewer.ts';
import type { FromViewers, ToViewers } from './ipc.ts';
import { request } from './ipc-request.ts';

const processFile = new URL('process.ts', import.meta.url).pathname;

export interface NodeViewersOptions {
  readonly setup: ViewerSetup;
  readonly plans: readonly ViewerPlan[];
  readonly rendition: Rendition;
  readonly mediaRoot: string;
  readonly processes: number;
}

export class NodeViewers {
  readonly #children: ChildProcess[];

  private constructor(children: ChildProcess[]) {
    this.#children = children;
  }

  /** Forks the processes; they start their viewers at the planned times. */
  static async start(options: NodeViewersOptions): Promise<NodeViewers> {
    const count = Math.max(1, Math.min(options.processes, options.plans.length));
    const children = Array.from({ length: count }, () =>
      fork(processFile, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    await Promise.all(
      children.map((child, i) =>
        request<FromViewers, 'ready'>(
          child,
          {
            type: 'start',
            setup: options.setup,
            plans: options.plans.filter((_, j) => j % count === i),
            rendition: options.rendition,
            mediaRoot: options.mediaRoot,
          } satisfies ToViewers,
          'ready',
        ),
      ),
    );
    return new NodeViewers(children);
  }

  /** CPU seconds the viewer processes have used so far. */
  cpuSeconds(): number {
    return this.#children.reduce((sum, child) => sum + cpuSeconds(child.pid ?? 0), 0);
  }

  /** Viewers that failed to start or stop, once `stop()` has returned. */
  readonly failures: string[] = [];

  /** Stops every viewer still there; every viewer's report, those that left included. */
  async stop(): Promise<ViewerReport[]> {
    const replies = await Promise.all(
      this.#children.map((child) =>
        request<FromViewers, 'reports'>(child, { type: 'stop' } satisfies ToViewers, 'reports'),
      ),
    );
    await Promise.all(this.#children.map((child) => exited(child)));
    this.failures.push(...replies.flatMap((reply) => reply.failures));
    return replies.flatMap((reply) => reply.reports);
  }

  /** Ends the processes without reports (after a failure). */
  kill(): void {
    for (const child of this.#children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.disconnect();
  });
}
