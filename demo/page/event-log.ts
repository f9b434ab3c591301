import { create } from './dom.ts';

export type LogKind = 'segment' | 'peer' | 'player' | 'warning' | 'error';

export type Log = (kind: LogKind, text: string) => void;

/** Newest first, at most `max` lines; each line is styled by its kind. */
export function eventLog(list: HTMLOListElement, max: number): Log {
  return (kind, text) => {
    const time = new Date().toLocaleTimeString([], { hour12: false });
    const item = create('li', '', kind);
    item.append(create('time', time), ` ${text}`);
    list.prepend(item);
    while (list.childElementCount > max) list.lastElementChild?.remove();
  };
}
