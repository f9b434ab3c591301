/**
 * FNV-1a (32-bit) of a string's UTF-16 code units, then murmur3's finaliser: FNV alone
 * mixes the last characters poorly, and segment ids differ mostly there.
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Whether `selfId` ranks among the top `k` of itself and `neighbourIds` for a segment
 * (rendezvous hashing). Every member of a fully connected neighbourhood reaches the
 * same k without a message, and each id is chosen for about k / n of the segments.
 */
export function isSeeder(
  selfId: string,
  neighbourIds: readonly string[],
  segmentId: string,
  k: number,
): boolean {
  const score = (id: string) => hash32(`${segmentId}\n${id}`);
  const mine = score(selfId);
  let above = 0;
  for (const id of neighbourIds) {
    const theirs = score(id);
    // Ties go to the smaller id; our own id, if listed, is never above us.
    if (theirs > mine || (theirs === mine && id < selfId)) above++;
  }
  return above < k;
}
