import type { Segment } from '../streams/model.ts';

/**
 * The check every segment from a peer passes before anyone sees its bytes:
 * the app's own validator, then the trusted hash when one is configured. Bytes
 * that fail are dropped, the peer is banned and the segment comes over HTTP;
 * keys and playlists never travel P2P, so they never come through here.
 */

/** The app's validator: false (or a rejection) refuses the bytes. */
export type ValidateSegment = (segment: Segment, bytes: Uint8Array) => boolean | Promise<boolean>;

/** Lowercase hex SHA-256 the bytes must have, or undefined when none is published. */
export type TrustedHash = (segment: Segment) => Promise<string | undefined>;

export interface IntegrityOptions {
  readonly validateSegment?: ValidateSegment;
  readonly trustedHash?: TrustedHash;
  /** Default `globalThis.crypto.subtle`. */
  readonly subtle?: SubtleCrypto;
}

export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'validator' | 'hash'; readonly detail: string };

export async function verifySegment(
  segment: Segment,
  bytes: Uint8Array<ArrayBuffer>,
  options: IntegrityOptions,
): Promise<Verdict> {
  const { validateSegment, trustedHash, subtle = globalThis.crypto.subtle } = options;
  if (validateSegment !== undefined) {
    let valid: boolean;
    try {
      valid = await validateSegment(segment, bytes);
    } catch (error) {
      return { ok: false, reason: 'validator', detail: `validateSegment threw: ${String(error)}` };
    }
    if (!valid) return { ok: false, reason: 'validator', detail: 'validateSegment returned false' };
  }
  const expected = await trustedHash?.(segment);
  if (expected !== undefined) {
    const actual = toHex(new Uint8Array(await subtle.digest('SHA-256', bytes)));
    if (actual !== expected.toLowerCase()) {
      return { ok: false, reason: 'hash', detail: `SHA-256 ${actual}, expected ${expected}` };
    }
  }
  return { ok: true };
}

function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
