// Is a peer on this machine? Users such as guest may log in only from loopback (RabbitMQ's
// loopback_users). Takes an address as the listeners record it: "ip:port" ("::1:5555",
// "127.0.0.1:5555", "::ffff:127.0.0.1:5555").
export function isLoopbackAddress(address: string): boolean {
  if (address === '::1') return true; // a bare IPv6 loopback, not "::" on port 1
  const colon = address.lastIndexOf(':');
  let ip = colon > 0 && /^\d+$/.test(address.slice(colon + 1)) ? address.slice(0, colon) : address;
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip.toLowerCase().startsWith('::ffff:')) ip = ip.slice(7);
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** "::ffff:127.0.0.1" as RabbitMQ shows it: 127.0.0.1. */
export function plainIp(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}
