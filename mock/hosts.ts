/**
 * Which names the inspector answers to. A page on `http://attacker.test:8787` whose name the
 * attacker re-points at 127.0.0.1 (DNS rebinding) is same-origin with itself, so the Origin
 * check passes; only the Host header gives it away. Loopback names and the address the mock
 * was told to listen on are ours; anything else is someone else's name for us.
 */

/** The host name of a Host header, lower-case, without port, brackets or trailing dot; undefined when malformed. */
export function hostnameOf(host: string): string | undefined {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(host.trim());
  if (!m) return undefined;
  return (m[1] ?? m[2]).toLowerCase().replace(/\.$/, '');
}

/** Names every machine gives its loopback interface: localhost (and *.localhost, RFC 6761), 127/8, ::1. */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(?:\.\d{1,3}){3}$/.test(hostname) ||
    /^(?:0{0,4}:){2,7}0{0,3}1$/.test(hostname) ||
    /^::ffff:127(?:\.\d{1,3}){3}$/.test(hostname)
  );
}

/** Host names a configured address stands for (brackets and case removed). */
export const normalizeHost = (host: string) => hostnameOf(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host) ?? host.toLowerCase();

/**
 * True when the request names us: its Host header is a loopback name or one of `extra`.
 * Without a Host header the request did not come from a browser over HTTP (browsers always
 * send one; a Request built in-process, as msw and tests do, has none): nothing to check.
 */
export function isOwnHost(req: Request, extra: ReadonlySet<string>): boolean {
  const header = req.headers.get('host');
  if (header === null) return true;
  const name = hostnameOf(header);
  return name !== undefined && name !== '' && (isLoopback(name) || extra.has(name));
}
