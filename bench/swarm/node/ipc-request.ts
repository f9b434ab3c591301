/** A command to a forked child and the reply it answers with, over the IPC channel. */
import type { ChildProcess } from 'node:child_process';

/**
 * Sends `message` and resolves with the child's next message whose `type` is
 * `replyType`; rejects if the child exits first. Any `{type}` protocol fits.
 */
export function request<Reply extends { type: string }, T extends Reply['type']>(
  child: ChildProcess,
  message: unknown,
  replyType: T,
): Promise<Extract<Reply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const settle = (): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (reply: Reply): void => {
      if (reply.type !== replyType) return;
      settle();
      resolve(reply as Extract<Reply, { type: T }>);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      settle();
      reject(
        new Error(
          `child process exited (${signal ?? `code ${code ?? '?'}`}) before its '${replyType}'`,
        ),
      );
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as object);
  });
}
