type Listener<T> = (value: T) => void;

/** Runs the app's code after our state is settled; its exception must surface, but not undo ours. */
export function callApp(run: () => void): void {
  try {
    run();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/**
 * A minimal typed event emitter, one value per event: Node's EventEmitter is not
 * in browsers, and EventTarget would wrap every value in an Event object.
 */
export class Emitter<Events extends object> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>();

  /** Adds `listener`; the returned function removes it. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let listeners = this.#listeners.get(type);
    if (listeners === undefined) this.#listeners.set(type, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      this.off(type, listener);
    };
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener);
  }

  protected emit<K extends keyof Events>(type: K, value: Events[K]): void {
    const listeners = this.#listeners.get(type) as Set<Listener<Events[K]>> | undefined;
    for (const listener of listeners ?? []) {
      callApp(() => {
        listener(value);
      });
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
