/**
 * Webhooks reach only the outside (issue 17 item 3): an SP's URL must not make the controller talk
 * to itself or to the network behind it. An address is refused when it is
 *   loopback (127/8, ::1), unspecified (0/8, ::), private (RFC 1918 10/8, 172.16/12, 192.168/16;
 *   RFC 6598 shared 100.64/10; RFC 4193 fc00::/7), link-local (169.254/16 — cloud metadata lives
 *   there —, fe80::/10), multicast (224/4, ff00::/8), reserved (240/4 incl. broadcast, RFC 6890
 *   192.0.0/24, NAT64 64:ff9b::/96 which maps onto IPv4), or one of the controller's own addresses
 *   (every interface, plus configured ones);
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address it is. A lab lists what it
 * may reach explicitly (`PONCTL_WEBHOOK_ALLOW`, CIDRs or addresses), nothing is allowed implicitly.
 *
 * The check is made at registration AND at every delivery, inside the connection's own DNS lookup
 * (`lookup` of node:http): the address checked is the address connected to, so a name that
 * resolves elsewhere later (DNS rebinding) is refused then too.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export type ForbiddenClass =
  'loopback' | 'unspecified' | 'private' | 'link-local' | 'multicast' | 'reserved' | 'own-address';

const RANGES: Record<Exclude<ForbiddenClass, 'own-address'>, [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  unspecified: [
    ['0.0.0.0', 8, 'ipv4'],
    ['::', 128, 'ipv6'],
  ],
  private: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['100.64.0.0', 10, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
  'link-local': [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  multicast: [
    ['224.0.0.0', 4, 'ipv4'],
    ['ff00::', 8, 'ipv6'],
  ],
  reserved: [
    ['240.0.0.0', 4, 'ipv4'],
    ['192.0.0.0', 24, 'ipv4'],
    ['64:ff9b::', 96, 'ipv6'],
  ],
};

const listOf = (entries: [string, number, 'ipv4' | 'ipv6'][]): BlockList => {
  const b = new BlockList();
  for (const [net, prefix, type] of entries) b.addSubnet(net, prefix, type);
  return b;
};
const CLASS_LISTS = Object.entries(RANGES).map(([c, r]) => [c as ForbiddenClass, listOf(r)] as const);

/** `::ffff:a.b.c.d` / `::ffff:7f00:1` → `a.b.c.d`; any other address unchanged (brackets removed). */
export function normaliseAddress(raw: string): string {
  const a = raw.replace(/^\[|\]$/g, '').toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(a);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return a;
}

/** A CIDR (`10.1.0.0/16`, `::1/128`) or a single address. */
function addEntry(b: BlockList, entry: string): void {
  const [addr, prefix] = entry.trim().split('/');
  const a = normaliseAddress(addr);
  const v = isIP(a);
  if (!v) throw new Error(`webhook allowlist: not an address or CIDR: ${entry}`);
  const type = v === 4 ? 'ipv4' : 'ipv6';
  if (prefix === undefined) b.addAddress(a, type);
  else b.addSubnet(a, Number(prefix), type);
}

export type LookupAll = (host: string) => Promise<LookupAddress[]>;
const systemLookup: LookupAll = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (err, addrs) => (err ? reject(err) : resolve(addrs))),
  );

/** Raised when a URL's address is refused; `code` lets the sender tell it from a network error. */
export class ForbiddenAddressError extends Error {
  readonly code = 'EFORBIDDENADDR';
  constructor(
    readonly addressClass: ForbiddenClass,
    readonly address: string,
  ) {
    super(`${address} is a ${addressClass} address`);
    this.name = 'ForbiddenAddressError';
  }
}

export interface WebhookAddressGuardOptions {
  /** CIDRs or addresses a lab may reach although they are in a forbidden class. */
  allow?: readonly string[];
  /** Addresses of this controller beyond its interfaces' (e.g. a public NAT address). */
  ownAddresses?: readonly string[];
  /** DNS (tests pass their own to show rebinding); defaults to the system resolver. */
  lookup?: LookupAll;
  /** How long registration waits for DNS before leaving the check to delivery time. */
  registrationDnsTimeoutMs?: number;
}

export class WebhookAddressGuard {
  private readonly allow = new BlockList();
  private readonly own = new BlockList();
  readonly resolve: LookupAll;

  constructor(private readonly o: WebhookAddressGuardOptions = {}) {
    for (const e of o.allow ?? []) addEntry(this.allow, e);
    for (const list of Object.values(networkInterfaces()))
      for (const i of list ?? []) addEntry(this.own, i.address.split('%')[0]);
    for (const e of o.ownAddresses ?? []) addEntry(this.own, e);
    this.resolve = o.lookup ?? systemLookup;
  }

  /** The class that forbids `address`, or undefined when it may be reached. */
  classify(address: string): ForbiddenClass | undefined {
    const a = normaliseAddress(address);
    const v = isIP(a);
    if (!v) return 'reserved';
    const type = v === 4 ? 'ipv4' : 'ipv6';
    if (this.allow.check(a, type)) return undefined;
    for (const [c, list] of CLASS_LISTS) if (list.check(a, type)) return c;
    if (this.own.check(a, type)) return 'own-address';
    return undefined;
  }

  /** Throws ForbiddenAddressError for the first refused address of the list. */
  check(addresses: readonly string[]): void {
    for (const a of addresses) {
      const c = this.classify(a);
      if (c) throw new ForbiddenAddressError(c, normaliseAddress(a));
    }
  }

  /**
   * Registration: an address literal is judged at once; a name is resolved and every address it
   * has is judged. A name that does not resolve (yet) is accepted: delivery checks it again.
   */
  async vetUrl(url: URL): Promise<void> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(normaliseAddress(host))) return this.check([host]);
    if (host === 'localhost' || host.endsWith('.localhost')) return this.check(['127.0.0.1']);
    const timeout = new Promise<undefined>((r) => {
      const t = setTimeout(() => r(undefined), this.o.registrationDnsTimeoutMs ?? 2000);
      t.unref();
    });
    const addrs = await Promise.race([this.resolve(host).catch(() => undefined), timeout]);
    if (addrs) this.check(addrs.map((a) => a.address));
  }

  /**
   * A `lookup` for node:http/net: resolves, refuses when any address is forbidden, else answers
   * with the checked addresses — the ones the socket then connects to.
   */
  readonly connectLookup = (
    hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const all = typeof options === 'object' && options?.all === true;
    this.resolve(hostname).then(
      (addrs) => {
        try {
          this.check(addrs.map((a) => a.address));
        } catch (err) {
          callback(err as Error, all ? [] : '', 0);
          return;
        }
        if (all) callback(null, addrs);
        else callback(null, addrs[0].address, addrs[0].family);
      },
      (err: Error) => callback(err, all ? [] : '', 0),
    );
  };
}
