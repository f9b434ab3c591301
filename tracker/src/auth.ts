import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Optional connection auth: the site's backend hands each viewer a token,
 * `<expiry>.<signature>`, where expiry is in Unix seconds and the signature is
 * the base64url HMAC-SHA256 of the expiry under a secret shared with the
 * tracker. Viewers connect to `wss://tracker/?token=<token>`. Stateless, and a
 * leaked token stops working when it expires.
 */
export function createToken(secret: string, ttlSeconds: number, nowMs = Date.now()): string {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`);
  }
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  return `${expiry}.${sign(secret, String(expiry))}`;
}

export function verifyToken(secret: string, token: string | null, nowMs = Date.now()): boolean {
  if (token === null) return false;
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return false;
  const [, expiry = '', signature = ''] = match;
  if (Number(expiry) * 1000 <= nowMs) return false;
  return timingSafeEqual(Buffer.from(signature), Buffer.from(sign(secret, expiry)));
}

function sign(secret: string, expiry: string): string {
  return createHmac('sha256', secret).update(expiry).digest('base64url');
}
