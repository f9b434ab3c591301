import { isIP } from 'node:net';

/**
 * "Nearby" for peer selection: peers whose addresses share a network prefix are
 * likely on the same ISP, campus or home network, where WebRTC paths are short.
 * Keys are ordered nearest first: IPv4 /24 then /16; IPv6 /48.
 */
export function nearbyKeys(address: string): readonly string[] {
  const ip = unmapIpv4(address);
  switch (isIP(ip)) {
    case 4: {
      const [a, b, c] = ip.split('.');
      return [`${a}.${b}.${c}/24`, `${a}.${b}/16`];
    }
    case 6:
      return [`${ipv6Groups(ip).slice(0, 3).join(':')}::/48`];
    default:
      return [];
  }
}

/** The eight 16-bit groups of an IPv6 address, expanded and normalised. */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail] = ip.split('::');
  const split = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  const middle = Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((group) => parseInt(group, 16).toString(16));
}

/**
 * The client's address: the socket's peer, or, when that peer is a trusted
 * proxy, the right-most `X-Forwarded-For` entry not itself a trusted proxy
 * (entries further left are whatever the client chose to send).
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxies: ReadonlySet<string>,
): string {
  const remote = unmapIpv4(remoteAddress ?? '');
  if (!trustedProxies.has(remote) || forwardedFor === undefined) return remote;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => unmapIpv4(hop.trim()))
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop !== undefined && !trustedProxies.has(hop)) return hop;
  }
  return hops[0] ?? remote;
}

/** `::ffff:a.b.c.d` as `a.b.c.d`, so that one IPv4 client has one address. */
export function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
