/**
 * Which peers may tell us who the client is. X-Forwarded-For (and
 * X-Forwarded-Host) are believed only when the connection comes from an
 * address in the setting (TRUSTED_PROXIES, e.g. "127.0.0.1,10.0.0.0/8"); from
 * anyone else they are ignored, so a client cannot pick the address the login
 * rate limit counts against. Node's net.BlockList does the address matching.
 */
import { BlockList, isIP } from 'node:net';
import type { Context } from 'hono';

export interface TrustedProxies {
  /** The configured entries, as given. */
  entries: readonly string[];
  trusts(address: string): boolean;
  /** The nearest address that is not a trusted proxy: the peer, or the last untrusted hop of X-Forwarded-For. */
  clientAddress(c: Context): string;
  /** Whether this request's X-Forwarded-* headers come from a trusted proxy. */
  forwardedByTrustedProxy(c: Context): boolean;
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) compares as "10.0.0.1". */
function normalise(address: string): string {
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

export function peerAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return normalise(incoming?.socket?.remoteAddress ?? 'unknown');
}

/** Parses the setting; an entry that is neither an address nor a CIDR range is refused by name. */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const prefix = Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (bits !== undefined && !(Number.isInteger(prefix) && prefix >= 0 && prefix <= maxBits)))
      throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address!, type);
    else list.addSubnet(address!, prefix, type);
  }
  const trusts = (address: string) => {
    const a = normalise(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
  return {
    entries: [...entries],
    trusts,
    forwardedByTrustedProxy: (c) => trusts(peerAddress(c)),
    clientAddress(c) {
      const peer = peerAddress(c);
      if (!trusts(peer)) return peer;
      const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
      // Walk back from the hop nearest to us; the first one we do not run is the client.
      for (let i = hops.length - 1; i >= 0; i--) if (!trusts(hops[i]!)) return hops[i]!;
      return hops[0] ?? peer;
    },
  };
}
