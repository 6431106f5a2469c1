import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// What an operator may not point core's player query at: everything inside a network rather than
// out on the internet (this host, loopback, private, carrier-grade NAT, link-local with the cloud
// metadata service, multicast, broadcast and reserved), and the IPv6 forms that embed an IPv4
// address and could carry one of those past the check (compatible, NAT64, 6to4). BlockList
// matches IPv4-mapped IPv6 addresses against the IPv4 rules by itself.
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** Resolves a host name to its addresses. */
export type Resolve = (host: string) => Promise<Array<{ address: string }>>;

const systemResolve: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/** The networks (CIDR) a cluster's game servers are expected on, as a block list. */
function expected(networks: readonly string[]): BlockList {
  const list = new BlockList();
  for (const network of networks) {
    const [address, bits] = network.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || bits === undefined) continue;
    list.addSubnet(address!, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

/** Why a query target was refused. */
export type QueryTargetRefusal = 'unresolvable' | 'internal';

/**
 * Where core's player query may connect for an address an operator reported: the IP to use, or
 * why not. A name is resolved here and every address it has is checked, and the query then goes
 * to the checked IP, so a name cannot resolve differently between check and use. Internal
 * addresses (loopback, private, link-local…) are refused unless they lie in one of the cluster's
 * expected networks: a compromised operator cannot turn the query against core's own network.
 */
export async function queryTarget(
  host: string,
  networks: readonly string[],
  resolve: Resolve = systemResolve,
): Promise<{ ok: true; address: string } | { ok: false; reason: QueryTargetRefusal }> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(bare) !== 0) addresses = [bare];
  else {
    try {
      addresses = (await resolve(bare)).map((a) => a.address);
    } catch {
      return { ok: false, reason: 'unresolvable' };
    }
  }
  if (addresses.length === 0) return { ok: false, reason: 'unresolvable' };
  const allowed = expected(networks);
  for (const address of addresses) {
    const family = isIP(address);
    if (family === 0) return { ok: false, reason: 'unresolvable' };
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (INTERNAL.check(address, type) && !allowed.check(address, type))
      return { ok: false, reason: 'internal' };
  }
  return { ok: true, address: addresses[0]! };
}
