/**
 * The WebTorrent tracker messages a browser peer sends (as the `bittorrent-tracker`
 * client builds them), built by string concatenation from
 * pre-escaped parts: the load generator shares the machine with the server, so
 * every microsecond it spends building 6 KB announces is taken from the measurement.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Offers per announce, as the bittorrent-tracker client sends (min(numwant, 5)). */
export const OFFERS_PER_ANNOUNCE = 5;
const ID_LENGTH = 20;

/** JSON-encoded ids of one simulated peer, ready to splice into messages. */
export interface PeerIds {
  infoHash: string;
  peerId: string;
}

/** 20 chars, one per random byte (0–255), like WebTorrent's binary ids. */
function randomId(): string {
  return randomBytes(ID_LENGTH).toString('latin1');
}

export function peerIds(swarm: number): PeerIds {
  // Derived from the swarm number so that every load process agrees on it.
  const infoHash = createHash('sha1').update(`peerlane-bench-${swarm}`).digest().toString('latin1');
  return { infoHash: JSON.stringify(infoHash), peerId: JSON.stringify(randomId()) };
}

/**
 * Microseconds since the Unix epoch, on a clock every load process shares up to
 * the difference of their `performance.timeOrigin`s (only relays between two
 * load processes carry it; Date.now() alone would round to whole milliseconds).
 */
export function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

const SENT_AT = '<sent-at>';

/**
 * A ~1.2 KB data-channel SDP, shaped like Chromium's with `trickle: false`.
 * The session id on the `o=` line carries the send time.
 */
function fakeSdp(setup: 'actpass' | 'active'): [head: string, tail: string] {
  const fingerprint = Array.from(randomBytes(32), (b) => b.toString(16).padStart(2, '0'));
  const lines = [
    'v=0',
    `o=- ${SENT_AT} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=group:BUNDLE 0',
    'a=extmap-allow-mixed',
    'a=msid-semantic: WMS',
    'm=application 46243 UDP/DTLS/SCTP webrtc-datachannel',
    'c=IN IP4 203.0.113.54',
    'a=candidate:1467250027 1 udp 2122260223 192.168.1.23 46243 typ host generation 0 network-id 1',
    'a=candidate:2316521394 1 udp 2122194687 10.8.0.6 51718 typ host generation 0 network-id 2',
    'a=candidate:3705447712 1 udp 2122129151 2001:db8:85a3::8a2e:370:7334 50327 typ host generation 0 network-id 3',
    'a=candidate:842163049 1 udp 1686052607 203.0.113.54 46243 typ srflx raddr 192.168.1.23 rport 46243 generation 0 network-id 1',
    'a=candidate:3016544531 1 udp 41885439 198.51.100.7 61542 typ relay raddr 203.0.113.54 rport 46243 generation 0 network-id 1',
    'a=candidate:435653019 1 tcp 1518280447 192.168.1.23 9 typ host tcptype active generation 0 network-id 1',
    'a=candidate:1188032491 1 tcp 1518214911 10.8.0.6 9 typ host tcptype active generation 0 network-id 2',
    `a=ice-ufrag:${randomBytes(3).toString('hex')}`,
    `a=ice-pwd:${randomBytes(18).toString('base64')}`,
    'a=ice-options:trickle',
    `a=fingerprint:sha-256 ${fingerprint.join(':').toUpperCase()}`,
    `a=setup:${setup}`,
    'a=mid:0',
    'a=sctp-port:5000',
    'a=max-message-size:262144',
  ];
  // JSON-escape once (the \r\n pairs); the timestamp digits need no escaping.
  const [head = '', tail = ''] = JSON.stringify(`${lines.join('\r\n')}\r\n`)
    .slice(1, -1)
    .split(SENT_AT);
  return [head, tail];
}

const [OFFER_HEAD, OFFER_TAIL] = fakeSdp('actpass');
const [ANSWER_HEAD, ANSWER_TAIL] = fakeSdp('active');

/** §2.1: an announce with fresh offers; `started` only on a client's first one. */
export function announce(ids: PeerIds, started: boolean): string {
  const sdp = `${OFFER_HEAD}${nowMicros()}${OFFER_TAIL}`;
  const offerIds = randomBytes(ID_LENGTH * OFFERS_PER_ANNOUNCE).toString('latin1');
  let offers = '';
  for (let i = 0; i < OFFERS_PER_ANNOUNCE; i++) {
    const offerId = JSON.stringify(offerIds.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH));
    offers += `${i === 0 ? '' : ','}{"offer":{"type":"offer","sdp":"${sdp}"},"offer_id":${offerId}}`;
  }
  return (
    `{"numwant":${OFFERS_PER_ANNOUNCE},"uploaded":0,"downloaded":0,` +
    (started ? '"event":"started",' : '') +
    `"action":"announce","info_hash":${ids.infoHash},"peer_id":${ids.peerId},"offers":[${offers}]}`
  );
}

/** §2.2: the answer to a relayed offer; `toPeerId` and `offerId` are raw strings from it. */
export function answer(ids: PeerIds, toPeerId: string, offerId: string): string {
  return (
    `{"action":"announce","info_hash":${ids.infoHash},"peer_id":${ids.peerId},` +
    `"to_peer_id":${JSON.stringify(toPeerId)},` +
    `"answer":{"type":"answer","sdp":"${ANSWER_HEAD}${nowMicros()}${ANSWER_TAIL}"},` +
    `"offer_id":${JSON.stringify(offerId)}}`
  );
}

/** The send time a fake SDP carries, or NaN if it is not one of ours. */
export function sentAtMicros(sdp: string): number {
  const start = sdp.indexOf('\r\no=- ') + 6;
  return start < 6 ? NaN : Number(sdp.slice(start, sdp.indexOf(' ', start)));
}
