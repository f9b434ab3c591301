/**
 * A Node viewer process, forked by the orchestrator (host.ts): it runs its share
 * of the viewers, each joining and leaving at its planned time, and hands over
 * every viewer's report when told to stop. It exits when the orchestrator goes away.
 */
import { cleanup } from 'node-datachannel';
import { OriginFiles } from '../media.ts';
import type { ViewerReport } from '../shared/viewer.ts';
import type { FromViewers, ToViewers } from './ipc.ts';
import { startNodeViewer, type NodeViewer } from './viewer.ts';

const present = new Map<string, Promise<NodeViewer>>();
const reports: ViewerReport[] = [];
const failures: string[] = [];
const timers: NodeJS.Timeout[] = [];

function send(message: FromViewers): void {
  process.send?.(message);
}

function start(message: Extract<ToViewers, { type: 'start' }>): void {
  const { setup, plans, rendition, mediaRoot } = message;
  const files = new OriginFiles(mediaRoot);
  const at = (offsetMs: number): number => setup.runStartEpochMs + offsetMs - Date.now();
  for (const plan of plans) {
    timers.push(
      setTimeout(() => {
        present.set(plan.id, startNodeViewer({ setup, plan, rendition, files }));
      }, at(plan.joinAtMs)),
    );
    if (plan.leaveAtMs !== null) {
      timers.push(setTimeout(() => void leave(plan.id), at(plan.leaveAtMs)));
    }
  }
  send({ type: 'ready' });
}

async function leave(id: string): Promise<void> {
  const viewer = present.get(id);
  if (viewer === undefined) return;
  present.delete(id);
  try {
    reports.push(await (await viewer).stop());
  } catch (error) {
    failures.push(`viewer ${id}: ${String(error)}`);
  }
}

async function stop(): Promise<void> {
  for (const timer of timers) clearTimeout(timer);
  await Promise.all([...present.keys()].map((id) => leave(id)));
  send({ type: 'reports', reports, failures });
  cleanup();
}

process.on('message', (message: ToViewers) => {
  if (message.type === 'start') start(message);
  else
    void stop().catch((error: unknown) => {
      process.stderr.write(`viewer process: ${String(error)}\n`);
      process.exit(1);
    });
});
process.on('disconnect', () => process.exit(0));
