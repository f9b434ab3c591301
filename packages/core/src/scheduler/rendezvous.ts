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
 * How many of `neighbourIds` outrank `selfId` for a segment (rendezvous hashing): 0 for
 * the first choice. Every member of a fully connected neighbourhood ranks the same way
 * without a message, each rank going to each id for about 1 / n of the segments.
 */
export function seedRank(
  selfId: string,
  neighbourIds: readonly string[],
  segmentId: string,
): number {
  const score = (id: string) => hash32(`${segmentId}\n${id}`);
  const mine = score(selfId);
  let above = 0;
  for (const id of neighbourIds) {
    const theirs = score(id);
    // Ties go to the smaller id; our own id, if listed, is never above us.
    if (theirs > mine || (theirs === mine && id < selfId)) above++;
  }
  return above;
}
