import type { SegmentRef } from '../p2p/peer/types.ts';
import type { Segment } from './model.ts';

/**
 * The segments the adapter has registered, findable by id (the player asks for
 * ids), by wire address (peers name segments by rendition, sequence and the init
 * flag) and by time (the scheduler looks ahead of the playhead). Init segments
 * are those of duration 0, as in the model.
 */
export class StreamRegistry {
  readonly #byId = new Map<string, Segment>();
  readonly #byAddress = new Map<string, Segment>();
  /** Media segments of each rendition, in playlist order. */
  readonly #media = new Map<string, readonly Segment[]>();
  /** Ids registered for each rendition, media and init, to forget them on update. */
  readonly #ids = new Map<string, readonly string[]>();

  /**
   * Sets a rendition's segments from its latest playlist and returns those not
   * known before. Segments that left a live playlist's window are forgotten.
   */
  update(rendition: string, segments: readonly Segment[]): Segment[] {
    for (const segment of segments) {
      if (segment.rendition !== rendition) {
        throw new RangeError(
          `segment ${segment.id} belongs to ${segment.rendition}, not ${rendition}`,
        );
      }
    }
    const added = segments.filter((segment) => !this.#byId.has(segment.id));
    this.remove(rendition);
    for (const segment of segments) {
      this.#byId.set(segment.id, segment);
      this.#byAddress.set(addressKey(addressOf(segment)), segment);
    }
    this.#media.set(
      rendition,
      segments.filter((segment) => !isInit(segment)),
    );
    this.#ids.set(
      rendition,
      segments.map((segment) => segment.id),
    );
    return added;
  }

  /** Forgets a rendition, e.g. when the player drops an audio track. */
  remove(rendition: string): void {
    for (const id of this.#ids.get(rendition) ?? []) {
      const segment = this.#byId.get(id);
      if (segment === undefined) continue;
      this.#byId.delete(id);
      this.#byAddress.delete(addressKey(addressOf(segment)));
    }
    this.#media.delete(rendition);
    this.#ids.delete(rendition);
  }

  get(id: string): Segment | undefined {
    return this.#byId.get(id);
  }

  at(address: SegmentRef): Segment | undefined {
    return this.#byAddress.get(addressKey(address));
  }

  /** Media segments of `rendition` that overlap `[position, position + seconds)`, in order. */
  ahead(rendition: string, position: number, seconds: number): Segment[] {
    return (this.#media.get(rendition) ?? []).filter(
      (segment) =>
        segment.startTime + segment.duration > position && segment.startTime < position + seconds,
    );
  }
}

export function isInit(segment: Segment): boolean {
  return segment.duration === 0;
}

export function addressOf(segment: Segment): SegmentRef {
  return { rendition: segment.rendition, sequence: segment.sequence, init: isInit(segment) };
}

export function addressKey({ rendition, sequence, init }: SegmentRef): string {
  return `${init ? 'i' : 'm'}${sequence}|${rendition}`;
}
