/**
 * WebTorrent ids (`info_hash`, `peer_id`, `offer_id`, `to_peer_id`) travel as
 * 20-character "binary strings": one character per byte, code points 0-255. The
 * decoded JSON string itself is used as the key everywhere, so no id is ever
 * converted to hex on the hot path.
 */
export const ID_LENGTH = 20;

export function isId(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== ID_LENGTH) return false;
  for (let i = 0; i < ID_LENGTH; i++) if (value.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Hex form of an id, for logs, stats and allow lists. */
export function idToHex(id: string): string {
  let hex = '';
  for (let i = 0; i < id.length; i++) hex += id.charCodeAt(i).toString(16).padStart(2, '0');
  return hex;
}

/** The binary-string id of a 40-digit hex info hash; undefined if it is not one. */
export function idFromHex(hex: string): string | undefined {
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return undefined;
  let id = '';
  for (let i = 0; i < 40; i += 2) id += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return id;
}
