import { expect } from 'chai';

// Proves the browser layer runs real WebRTC: two RTCPeerConnections in one page
// exchange offer/answer and move 1 MiB over a data channel with backpressure.

const CHUNK = 16 * 1024;
const TOTAL = 1024 * 1024;

function connect(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.onicecandidate = (e) => {
    if (e.candidate) void b.addIceCandidate(e.candidate);
  };
  b.onicecandidate = (e) => {
    if (e.candidate) void a.addIceCandidate(e.candidate);
  };
}

function opened(channel: RTCDataChannel): Promise<void> {
  return new Promise((resolve) => {
    if (channel.readyState === 'open') resolve();
    else
      channel.addEventListener(
        'open',
        () => {
          resolve();
        },
        { once: true },
      );
  });
}

async function sendAll(channel: RTCDataChannel, payload: Uint8Array<ArrayBuffer>): Promise<void> {
  channel.bufferedAmountLowThreshold = 4 * CHUNK;
  for (let offset = 0; offset < payload.length; offset += CHUNK) {
    if (channel.bufferedAmount > 16 * CHUNK) {
      await new Promise((resolve) => {
        channel.addEventListener('bufferedamountlow', resolve, { once: true });
      });
    }
    channel.send(payload.subarray(offset, offset + CHUNK));
  }
}

describe('WebRTC data channel in the browser', () => {
  it('moves 1 MiB intact between two peer connections', async () => {
    const left = new RTCPeerConnection();
    const right = new RTCPeerConnection();
    try {
      connect(left, right);
      const sender = left.createDataChannel('bytes', { ordered: true });
      sender.binaryType = 'arraybuffer';
      const receiverReady = new Promise<RTCDataChannel>((resolve) => {
        right.ondatachannel = (e) => {
          resolve(e.channel);
        };
      });

      const offer = await left.createOffer();
      await left.setLocalDescription(offer);
      await right.setRemoteDescription(offer);
      const answer = await right.createAnswer();
      await right.setLocalDescription(answer);
      await left.setRemoteDescription(answer);

      const receiver = await receiverReady;
      receiver.binaryType = 'arraybuffer';
      const received = new Uint8Array(TOTAL);
      let length = 0;
      const done = new Promise<void>((resolve) => {
        receiver.onmessage = (e: MessageEvent<ArrayBuffer>) => {
          received.set(new Uint8Array(e.data), length);
          length += e.data.byteLength;
          if (length === TOTAL) resolve();
        };
      });

      const payload = new Uint8Array(TOTAL);
      crypto.getRandomValues(payload.subarray(0, 65536));
      for (let i = 65536; i < TOTAL; i++) payload[i] = (i * 31) & 0xff;

      await opened(sender);
      await sendAll(sender, payload);
      await done;
      expect(length).to.equal(TOTAL);
      expect(received).to.deep.equal(payload);
    } finally {
      left.close();
      right.close();
    }
  });
});
