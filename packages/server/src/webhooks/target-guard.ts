import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where webhooks may go. A registered URL's host is resolved and every address it resolves to is
 * checked, at registration and again before each delivery (DNS can change in between): no loopback,
 * link-local (cloud metadata at 169.254.169.254), private, shared (CGNAT), unique-local, multicast,
 * reserved or unspecified address. A deployment that delivers inside its own network names the
 * hosts or ranges it trusts (`WEBHOOK_ALLOWED_HOSTS`).
 */
export interface WebhookTargetPolicy {
  /** Host names (exact, any case) or CIDR ranges ("10.20.0.0/16", "127.0.0.1/32", "fd00::/8") allowed anyway. */
  allow?: readonly string[];
  /** Resolves a host name to every address (default: the system resolver, `dns.lookup` all). */
  resolve?: (host: string) => Promise<string[]>;
}

export type TargetRefusal = 'internal_address' | 'unresolvable' | 'not_http';

export class WebhookTargetError extends Error {
  override readonly name = 'WebhookTargetError';
  readonly reason: TargetRefusal;
  readonly address: string | null;
  constructor(reason: TargetRefusal, message: string, address: string | null = null) {
    super(message);
    this.reason = reason;
    this.address = address;
  }
}

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv6 one carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::), if any. */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const head = groups.slice(0, 6);
  const zero = (values: number[]) => values.every((value) => value === 0);
  const mapped = zero(head.slice(0, 5)) && head[5] === 0xffff;
  const compatible = zero(head) && (groups[6]! !== 0 || groups[7]! > 1);
  const nat64 = groups[0] === 0x64 && groups[1] === 0xff9b && zero(groups.slice(2, 6));
  if (!mapped && !compatible && !nat64) return null;
  return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tail allowed), or null. */
function expandIPv6(address: string): number[] | null {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const bytes = dotted[1]!.split('.').map(Number);
    text = `${text.slice(0, -dotted[1]!.length)}${((bytes[0]! << 8) | bytes[1]!).toString(16)}:${((bytes[2]! << 8) | bytes[3]!).toString(16)}`;
  }
  const [left, right] = text.split('::') as [string, string | undefined];
  const parts = (part: string) => (part ? part.split(':') : []);
  const head = parts(left);
  const tail = right === undefined ? [] : parts(right);
  const missing = 8 - head.length - tail.length;
  if (right === undefined ? head.length !== 8 : missing < 0) return null;
  const groups = [...head, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...tail].map(
    (group) => Number.parseInt(group, 16),
  );
  return groups.length === 8 && groups.every((group) => group >= 0 && group <= 0xffff) ? groups : null;
}

/**
 * An IPv4 address in any notation inet_aton accepts ("127.1", "0x7f.1", "017700000001",
 * "2130706433") as dotted quad, or null when it is not one.
 */
export function normaliseIPv4(text: string): string | null {
  const parts = text.split('.');
  if (parts.length === 0 || parts.length > 4) return null;
  const values: number[] = [];
  for (const part of parts) {
    let value: number;
    if (/^0x[0-9a-f]*$/i.test(part)) value = part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) value = Number.parseInt(part, 8);
    else if (/^(0|[1-9]\d*)$/.test(part)) value = Number(part);
    else return null;
    values.push(value);
  }
  const last = values.pop()!;
  if (values.some((value) => value > 255)) return null;
  if (last >= 256 ** (4 - values.length)) return null;
  const bytes = [...values];
  for (let index = 4 - values.length - 1; index >= 0; index -= 1)
    bytes.push(Math.floor(last / 256 ** index) % 256);
  return bytes.join('.');
}

/** An address (or host written as one) in canonical form, IPv4 preferred: what the block list checks. */
export function canonicalAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const v4 = normaliseIPv4(bare);
  if (v4) return { address: v4, family: 'ipv4' };
  if (isIP(bare.split('%')[0]!) !== 6) return null;
  const embedded = embeddedIPv4(bare);
  if (embedded) return { address: embedded, family: 'ipv4' };
  return { address: bare.split('%')[0]!.toLowerCase(), family: 'ipv6' };
}

/** Whether an address is internal: one webhooks may not reach unless allowed. */
export function isInternalAddress(address: string): boolean {
  const canonical = canonicalAddress(address);
  if (!canonical) return true;
  return blocked.check(canonical.address, canonical.family);
}

const defaultResolve = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

export class WebhookTargetGuard {
  private readonly hosts = new Set<string>();
  private readonly ranges = new BlockList();
  private readonly resolve: (host: string) => Promise<string[]>;

  constructor(policy: WebhookTargetPolicy = {}) {
    this.resolve = policy.resolve ?? defaultResolve;
    for (const entry of policy.allow ?? []) {
      const [network, bits] = entry.trim().split('/');
      const canonical = network ? canonicalAddress(network) : null;
      if (canonical) {
        const prefix = bits === undefined ? (canonical.family === 'ipv4' ? 32 : 128) : Number(bits);
        this.ranges.addSubnet(canonical.address, prefix, canonical.family);
      } else if (entry.trim()) {
        this.hosts.add(entry.trim().toLowerCase());
      }
    }
  }

  /** Every address the URL's host resolves to, refused (WebhookTargetError) if any is internal. */
  async check(url: string): Promise<string[]> {
    const parsed = URL.parse(url);
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new WebhookTargetError('not_http', 'a webhook URL is http or https');
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.hosts.has(host)) return [];
    const literal = canonicalAddress(host);
    let addresses: string[];
    if (literal) {
      addresses = [literal.address];
    } else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw new WebhookTargetError('unresolvable', `the webhook host ${host} does not resolve`);
      }
      if (addresses.length === 0)
        throw new WebhookTargetError('unresolvable', `the webhook host ${host} does not resolve`);
    }
    for (const address of addresses) {
      const canonical = canonicalAddress(address);
      if (canonical && this.ranges.check(canonical.address, canonical.family)) continue;
      if (isInternalAddress(address)) {
        throw new WebhookTargetError(
          'internal_address',
          `the webhook host ${host} is an internal address (${canonical?.address ?? address}); name it in WEBHOOK_ALLOWED_HOSTS to deliver there`,
          canonical?.address ?? address,
        );
      }
    }
    return addresses;
  }
}
