import { isIP } from 'node:net';

/**
 * The reverse proxies whose `X-Forwarded-For` is believed (TRUST_PROXY): exact addresses, and optionally every
 * loopback address (127.0.0.0/8, ::1) for a proxy on the same machine.
 */
export interface TrustedProxies {
  loopback: boolean;
  addresses: ReadonlySet<string>;
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { loopback: false, addresses: new Set() };

/** The keyword for "a proxy on this machine" in TRUST_PROXY. */
export const LOOPBACK_KEYWORD = 'loopback';

/** `::ffff:1.2.3.4` (an IPv4 client on a dual-stack socket) is `1.2.3.4`; IPv6 is compared in lower case. */
export function normalizeAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  return mapped ? mapped[1]! : a;
}

const isLoopback = (a: string) => a === '::1' || (isIP(a) === 4 && a.startsWith('127.'));

/** The TRUST_PROXY entries that are neither an IP address nor `loopback` (empty: the value is valid). */
export function invalidProxyEntries(value: string): string[] {
  return splitList(value).filter((e) => e.toLowerCase() !== LOOPBACK_KEYWORD && isIP(normalizeAddress(e)) === 0);
}

/** Parses a TRUST_PROXY value already checked by invalidProxyEntries. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = splitList(value ?? '');
  return {
    loopback: entries.some((e) => e.toLowerCase() === LOOPBACK_KEYWORD),
    addresses: new Set(entries.filter((e) => e.toLowerCase() !== LOOPBACK_KEYWORD).map(normalizeAddress)),
  };
}

export function isTrustedProxy(address: string, trusted: TrustedProxies): boolean {
  const a = normalizeAddress(address);
  return trusted.addresses.has(a) || (trusted.loopback && isLoopback(a));
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` entry that is not itself a trusted proxy (entries further left were written by the client and
 * prove nothing). An entry that is not an IP address stops the walk at the last trusted hop.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: TrustedProxies): string {
  let client = normalizeAddress(peer ?? 'unknown');
  if (!isTrustedProxy(client, trusted)) return client;
  for (const entry of splitList(forwardedFor ?? '').reverse()) {
    const hop = normalizeAddress(entry);
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!isTrustedProxy(hop, trusted)) return hop;
  }
  return client;
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}
