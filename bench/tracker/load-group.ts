/**
 * The orchestrator's side of the load generator: forks the load processes
 * (load.ts), pins them away from the server's CPU, and merges what they count.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FromLoad, LoadConfig, ToLoad } from './ipc.ts';
import { pin } from './proc.ts';
import { accumulate, emptySnapshot, type Snapshot } from './stats.ts';

export interface LoadPlan {
  url: string;
  clients: number;
  swarms: number;
  reannounceMs: number;
  /** Connections per second, over all load processes. */
  rampPerSecond: number;
  /** One load process per entry, pinned to that CPU. */
  cpus: number[];
}

export interface Ramped {
  open: number;
  failed: number;
  connectError: string | null;
}

const loadFile = new URL('load.ts', import.meta.url).pathname;

export class LoadGroup {
  readonly #children: ChildProcess[];

  private constructor(children: ChildProcess[]) {
    this.#children = children;
  }

  /** Forks the load processes and resolves once every client has connected or failed to. */
  static async start(plan: LoadPlan): Promise<{ group: LoadGroup; ramped: Ramped }> {
    const share = Math.ceil(plan.clients / plan.cpus.length);
    const children = plan.cpus.map((cpu) => {
      const child = fork(loadFile, [], {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      pin(child.pid ?? 0, cpu);
      return child;
    });
    const group = new LoadGroup(children);
    const replies = await Promise.all(
      children.map((child, i) => {
        const firstClient = i * share;
        const config: LoadConfig = {
          url: plan.url,
          firstClient,
          clients: Math.min(share, plan.clients - firstClient),
          swarms: plan.swarms,
          reannounceMs: plan.reannounceMs,
          rampPerSecond: plan.rampPerSecond / children.length,
        };
        return request(child, { type: 'start', config }, 'ready');
      }),
    );
    const ramped: Ramped = { open: 0, failed: 0, connectError: null };
    for (const reply of replies) {
      ramped.open += reply.open;
      ramped.failed += reply.failed;
      ramped.connectError ??= reply.connectError;
    }
    return { group, ramped };
  }

  get pids(): number[] {
    return this.#children.map((child) => child.pid ?? 0);
  }

  startFixedRate(): void {
    for (const child of this.#children) child.send({ type: 'fixed-rate' } satisfies ToLoad);
  }

  enterClosedLoop(): void {
    for (const child of this.#children) child.send({ type: 'closed-loop' } satisfies ToLoad);
  }

  /** Cumulative counts of all load processes since they started. */
  async snapshot(): Promise<Snapshot> {
    const replies = await Promise.all(
      this.#children.map((child) => request(child, { type: 'snapshot' }, 'snapshot')),
    );
    const sum = emptySnapshot();
    for (const reply of replies) accumulate(sum, reply.snapshot);
    return sum;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) =>
          child.once('exit', () => {
            resolve();
          }),
        );
        // Nothing to flush, and the kernel closes thousands of sockets faster than ws would.
        child.kill('SIGKILL');
        await exited;
      }),
    );
  }
}

/** Sends a command and waits for the child's reply of the given type. */
function request<T extends FromLoad['type']>(
  child: ChildProcess,
  message: ToLoad,
  replyType: T,
): Promise<Extract<FromLoad, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: FromLoad): void => {
      if (reply.type !== replyType) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(reply as Extract<FromLoad, { type: T }>);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`load process exited (code ${code ?? 'null'}) before replying`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message);
  });
}
