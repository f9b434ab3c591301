import type { Later } from './tracker-socket.ts';

/** The data channel every connection carries; its label is informational. */
export const CHANNEL_LABEL = 'peerlane';

/**
 * Resolves once ICE gathering is complete or after `ms`. Signalling is
 * non-trickle (as WebTorrent's): one SDP per offer or answer, holding every
 * candidate gathered by then.
 */
export function gathered(pc: RTCPeerConnection, ms: number, later: Later): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      pc.removeEventListener('icegatheringstatechange', check);
      cancel();
      resolve();
    };
    const check = (): void => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const cancel = later(ms, done);
    pc.addEventListener('icegatheringstatechange', check);
    check();
  });
}

/** The local SDP, as the tracker relays it. */
export function localSdp(pc: RTCPeerConnection): string {
  return pc.localDescription?.sdp ?? '';
}

/** 20 random bytes as a binary string, the form of WebTorrent's `offer_id`. */
export function randomId(random: () => number): string {
  let id = '';
  for (let i = 0; i < 20; i++) id += String.fromCharCode((random() * 256) | 0);
  return id;
}
