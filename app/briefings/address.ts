import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

// A feed's items may link anywhere. An item on a public feed that points into the host's own network
// (loopback, private ranges, link-local cloud metadata) would pull an internal page into the corpus
// and so into chat: such a link is refused unless the feed itself lives there (a team's own intranet feed).

const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** Whether a URL's host is, or resolves to, an address inside the host's own network. */
export async function isInternal(url: string): Promise<boolean> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return false;
  }
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  return addresses.some(({ address, family }) => INTERNAL.check(address, family === 6 ? 'ipv6' : 'ipv4'));
}

/** Why an item's link is not fetched, or undefined when it may be: an internal address on a feed that is not internal itself. */
export async function refusedLink(feedUrl: string, itemUrl: string): Promise<string | undefined> {
  if (!(await isInternal(itemUrl))) return undefined;
  return (await isInternal(feedUrl)) ? undefined : "links into the host's own network from a feed outside it; not fetched";
}
